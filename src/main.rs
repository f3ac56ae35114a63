fn main() -> std::process::ExitCode {
    partnerscope::cli::main()
}
