//! See src/fuzzing.rs for what this target drives and checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| partnerscope::fuzzing::answers(data));
