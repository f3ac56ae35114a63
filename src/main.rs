// Parsing on several threads allocates and frees in every one of them; this
// allocator keeps that cheap where the system's does not.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    partnerscope::cli::main()
}
