#[global_allocator]
static ALLOCATOR: partnerscope::Allocator = partnerscope::Allocator;

fn main() -> std::process::ExitCode {
    partnerscope::cli::main()
}
