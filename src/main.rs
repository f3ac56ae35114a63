use std::process::ExitCode as ProcessExitCode;

use clap::Parser;

use partnerscope::cli::Cli;
use partnerscope::error::exit_code_of;

fn main() -> ProcessExitCode {
    let cli = Cli::parse();
    match partnerscope::app::run(cli) {
        Ok(code) => code.into(),
        Err(error) => {
            eprintln!("partnerscope: {error:#}");
            exit_code_of(&error).into()
        }
    }
}
