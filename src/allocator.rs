//! The program's memory allocator: the system's until a command says it
//! will work through large inputs, mimalloc from then on.
//!
//! Most commands are over in a few milliseconds, and on a virtual machine
//! much of that goes on the fresh memory pages they touch. mimalloc spreads
//! small allocations over a page per size, touching about 130 more pages
//! than the system allocator for the same `assess`, a quarter of its time.
//! For parsing on several threads and for folding thousands of profiles,
//! mimalloc is up to 1.8 times as fast. So the choice is made once, by the
//! command, before its heavy work begins.
//!
//! Memory taken from the system before the switch may be freed after it,
//! so every free goes to the allocator the memory came from.

use std::alloc::{GlobalAlloc, Layout, System};
use std::ffi::c_void;
use std::sync::atomic::{AtomicBool, Ordering};

use mimalloc::MiMalloc;

/// Set once, never cleared. Relaxed ordering is enough: a thread can only
/// free memory that reached it through some synchronisation after the
/// allocation, and so after the switch that preceded it.
static THROUGHPUT: AtomicBool = AtomicBool::new(false);

/// Allocations from now on go to mimalloc. Call before work whose speed
/// depends on the allocator rather than on start-up.
pub(crate) fn prefer_throughput() {
    THROUGHPUT.store(true, Ordering::Relaxed);
}

/// The system allocator, then mimalloc once [`prefer_throughput`] is called.
pub struct Allocator;

impl Allocator {
    fn switched() -> bool {
        THROUGHPUT.load(Ordering::Relaxed)
    }

    /// Whether mimalloc gave out this memory; before the switch it gave
    /// out none.
    fn from_mimalloc(ptr: *mut u8) -> bool {
        // SAFETY: only compares the address with mimalloc's own regions.
        Self::switched() && unsafe { libmimalloc_sys::mi_is_in_heap_region(ptr as *const c_void) }
    }
}

// SAFETY: each block is freed or resized by the allocator that gave it out,
// and both allocators meet the `GlobalAlloc` contract themselves.
unsafe impl GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if Self::switched() {
            MiMalloc.alloc(layout)
        } else {
            System.alloc(layout)
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if Self::switched() {
            MiMalloc.alloc_zeroed(layout)
        } else {
            System.alloc_zeroed(layout)
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if Self::from_mimalloc(ptr) {
            MiMalloc.dealloc(ptr, layout)
        } else {
            System.dealloc(ptr, layout)
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if Self::from_mimalloc(ptr) {
            MiMalloc.realloc(ptr, layout, new_size)
        } else {
            System.realloc(ptr, layout, new_size)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_from_either_allocator_goes_back_to_it() {
        let layout = Layout::from_size_align(100, 8).unwrap();
        let allocator = Allocator;
        // SAFETY: every block is freed once, with the layout it was given.
        unsafe {
            let before = allocator.alloc(layout);
            assert!(!Allocator::from_mimalloc(before));
            prefer_throughput();
            let after = allocator.alloc(layout);
            assert!(Allocator::from_mimalloc(after));
            assert!(!Allocator::from_mimalloc(before));
            let grown = allocator.realloc(before, layout, 1000);
            assert!(!Allocator::from_mimalloc(grown));
            allocator.dealloc(grown, Layout::from_size_align(1000, 8).unwrap());
            allocator.dealloc(after, layout);
        }
    }
}
