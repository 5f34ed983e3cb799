//! The boundary every exported function goes through: the panic guard, the per-thread message of
//! the last failure, and the checks that turn C arguments into Rust values.
//!
//! Rules for every `(pointer, length)` pair: NULL is accepted only with length 0; a pointer must
//! be aligned for its element type; `length × element size` must fit in memory. Single output
//! values (a count, a pointer) are reset first, so that they hold a defined value whatever
//! fails; inputs are read into Rust values before any answer is written, so an output array may
//! even overlap an input array.

use std::cell::RefCell;
use std::ffi::c_char;
use std::panic::{self, AssertUnwindSafe};

use crate::result::eniplan_result;

/// Why a call failed: a boundary problem with its message, or the EC2 error the model gave.
#[derive(Debug)]
pub(crate) enum Failure {
    /// A failure of the boundary itself (codes 1–99).
    Boundary(eniplan_result, String),
    /// An EC2 error.
    Ec2(eniplan::Error),
}

impl From<eniplan::Error> for Failure {
    fn from(error: eniplan::Error) -> Failure {
        Failure::Ec2(error)
    }
}

impl Failure {
    /// A NULL where a pointer is needed.
    pub(crate) fn null(name: &str) -> Failure {
        Failure::Boundary(
            eniplan_result::NullArgument,
            format!("argument `{name}` is NULL"),
        )
    }

    /// An argument outside its range.
    pub(crate) fn invalid(message: String) -> Failure {
        Failure::Boundary(eniplan_result::InvalidArgument, message)
    }

    /// The code and message to report.
    fn into_parts(self) -> (eniplan_result, String) {
        match self {
            Failure::Boundary(result, message) => (result, message),
            Failure::Ec2(error) => match eniplan_result::from_code(error.code()) {
                Some(result) => (result, error.to_string()),
                None => (
                    eniplan_result::Panic,
                    format!(
                        "internal error: EC2 error {} ({}) has no eniplan_result: {error}",
                        error.code().as_str(),
                        error.code().number()
                    ),
                ),
            },
        }
    }
}

thread_local! {
    /// The message of the last failed call on this thread.
    static LAST_ERROR: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Records `failure` as this thread's last failure and gives its code.
fn record(failure: Failure) -> eniplan_result {
    let (result, message) = failure.into_parts();
    // `try_with` fails only while the thread is being torn down; the code still goes back.
    let _ = LAST_ERROR.try_with(|last| {
        if let Ok(mut last) = last.try_borrow_mut() {
            *last = message;
        }
    });
    result
}

/// The text of a panic payload.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> &str {
    if let Some(text) = payload.downcast_ref::<&str>() {
        text
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text
    } else {
        "a panic without a message"
    }
}

/// Runs the body of an exported function: a panic becomes `ENIPLAN_RESULT_PANIC`, a failure is
/// recorded as this thread's last error, and the code goes back to C.
pub(crate) fn guard(body: impl FnOnce() -> Result<(), Failure>) -> eniplan_result {
    match panic::catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => eniplan_result::Ok,
        Ok(Err(failure)) => record(failure),
        Err(payload) => record(Failure::Boundary(
            eniplan_result::Panic,
            format!("internal error: {}", panic_message(payload.as_ref())),
        )),
    }
}

/// Copies this thread's last failure message into `buf` and gives its full length in bytes.
///
/// Errno style: the message of the most recent call on this thread that failed (calls that
/// succeed leave it as it was; a thread with no failure has the empty message). At most
/// `len - 1` bytes are copied, cut at a UTF-8 character boundary, and a NUL always follows them
/// when `len > 0`. The return value is the whole message's length without the NUL, so a return
/// value `>= len` means the copy was cut: call again with a buffer of `return + 1` bytes.
/// `buf` may be NULL with `len` 0 to ask for the length alone.
///
/// # Safety
///
/// `buf` is NULL or valid for writes of `len` bytes.
#[no_mangle]
pub unsafe extern "C" fn eniplan_last_error_message(buf: *mut c_char, len: usize) -> usize {
    let copy = || {
        LAST_ERROR
            .try_with(|last| {
                let last = last.try_borrow().map(|m| m.clone()).unwrap_or_default();
                if !buf.is_null() && len > 0 {
                    let mut n = last.len().min(len - 1);
                    while !last.is_char_boundary(n) {
                        n -= 1;
                    }
                    // SAFETY: the caller gives `len` writable bytes at `buf`; n + 1 <= len, and
                    // `last` is a separate Rust allocation, so the two do not overlap.
                    unsafe {
                        std::ptr::copy_nonoverlapping(last.as_ptr(), buf.cast::<u8>(), n);
                        buf.add(n).write(0);
                    }
                }
                last.len()
            })
            .unwrap_or(0)
    };
    panic::catch_unwind(copy).unwrap_or(0)
}

/// Copies an input array: empty for length 0 whatever the pointer; otherwise the pointer must
/// be non-NULL and aligned and the length must fit in memory.
///
/// # Safety
///
/// When `len > 0` and `ptr` is not NULL, `ptr` is valid for reads of `len` elements.
pub(crate) unsafe fn read_array<T: Copy>(
    name: &str,
    ptr: *const T,
    len: usize,
) -> Result<Vec<T>, Failure> {
    // SAFETY: forwarded from the caller.
    unsafe { read_array_with(name, ptr, len, <[T]>::to_vec) }
}

/// Reads an input array as [`read_array`] does, handing the caller's memory to `read`, which
/// must copy what it keeps: the hot calls turn addresses or an id into their own values
/// without an intermediate copy.
///
/// # Safety
///
/// As [`read_array`].
pub(crate) unsafe fn read_array_with<T, R>(
    name: &str,
    ptr: *const T,
    len: usize,
    read: impl FnOnce(&[T]) -> R,
) -> Result<R, Failure> {
    if len == 0 {
        return Ok(read(&[]));
    }
    check_region(name, ptr, len)?;
    // SAFETY: checked non-NULL, aligned and of a size that fits; the caller promises `len`
    // readable, initialised elements. The slice lives only for `read`.
    Ok(read(unsafe { std::slice::from_raw_parts(ptr, len) }))
}

/// Copies a string given as bytes and length (no NUL needed), checking that it is UTF-8.
///
/// # Safety
///
/// As [`read_array`].
pub(crate) unsafe fn read_str(
    name: &str,
    ptr: *const c_char,
    len: usize,
) -> Result<String, Failure> {
    // SAFETY: forwarded from the caller.
    unsafe { read_str_with(name, ptr, len, str::to_owned) }
}

/// Reads a string as [`read_str`] does, handing the caller's memory to `read`, which must copy
/// what it keeps.
///
/// # Safety
///
/// As [`read_array`].
pub(crate) unsafe fn read_str_with<R>(
    name: &str,
    ptr: *const c_char,
    len: usize,
    read: impl FnOnce(&str) -> R,
) -> Result<R, Failure> {
    // SAFETY: forwarded from the caller.
    let text = unsafe {
        read_array_with(name, ptr.cast::<u8>(), len, |bytes| {
            std::str::from_utf8(bytes).map(read)
        })
    }?;
    text.map_err(|error| {
        Failure::Boundary(
            eniplan_result::InvalidUtf8,
            format!("argument `{name}` is not valid UTF-8: {error}"),
        )
    })
}

/// Checks a non-empty `(pointer, length)` region: non-NULL, aligned, size fits in memory.
fn check_region<T>(name: &str, ptr: *const T, len: usize) -> Result<(), Failure> {
    if ptr.is_null() {
        return Err(Failure::Boundary(
            eniplan_result::NullArgument,
            format!("argument `{name}` is NULL but its length is {len}"),
        ));
    }
    if !ptr.is_aligned() {
        return Err(Failure::invalid(format!(
            "argument `{name}` is not aligned for its element type"
        )));
    }
    let fits = len
        .checked_mul(std::mem::size_of::<T>())
        .is_some_and(|bytes| bytes <= isize::MAX as usize);
    if !fits {
        return Err(Failure::invalid(format!(
            "argument `{name}` has length {len}, more than memory can hold"
        )));
    }
    Ok(())
}

/// An output array given as pointer and capacity, written only after every check has passed.
///
/// Its methods write through the pointer without `unsafe` at the call: the promise that the
/// memory is writable is made once, to [`OutArray::new`].
pub(crate) struct OutArray<T> {
    name: &'static str,
    ptr: *mut T,
    capacity: usize,
}

impl<T: Copy> OutArray<T> {
    /// Checks an output array (the same rules as inputs): NULL only with capacity 0, aligned,
    /// and a size that fits in memory.
    ///
    /// # Safety
    ///
    /// When `capacity > 0` and `ptr` is not NULL, `ptr` is valid for writes of `capacity`
    /// elements for as long as the `OutArray` lives: [`OutArray::fill`] writes there.
    pub(crate) unsafe fn new(
        name: &'static str,
        ptr: *mut T,
        capacity: usize,
    ) -> Result<Self, Failure> {
        if capacity > 0 {
            check_region(name, ptr.cast_const(), capacity)?;
        }
        Ok(OutArray {
            name,
            ptr,
            capacity,
        })
    }

    /// Fails with `ENIPLAN_RESULT_BUFFER_TOO_SMALL` unless `needed` elements fit, writing
    /// `needed` to `count` first.
    pub(crate) fn reserve(&self, needed: usize, count: &OutValue<usize>) -> Result<(), Failure> {
        if needed <= self.capacity {
            return Ok(());
        }
        count.set(needed);
        Err(Failure::Boundary(
            eniplan_result::BufferTooSmall,
            format!(
                "argument `{}` holds {} elements; {needed} are needed",
                self.name, self.capacity
            ),
        ))
    }

    /// Writes `items` (which `reserve` has shown to fit) and their number.
    pub(crate) fn fill(&self, items: &[T], count: &OutValue<usize>) -> Result<(), Failure> {
        if items.len() > self.capacity {
            // The size checks before the model ran make this unreachable.
            return Err(Failure::Boundary(
                eniplan_result::Panic,
                format!("internal error: {} answers for {}", items.len(), self.name),
            ));
        }
        if !items.is_empty() {
            // SAFETY: `new` checked the region of `capacity >= items.len()` elements, and its
            // caller promised it writable; `items` is a Rust allocation, so no overlap.
            unsafe { std::ptr::copy_nonoverlapping(items.as_ptr(), self.ptr, items.len()) };
        }
        count.set(items.len());
        Ok(())
    }
}

/// A single output value (`T *out_x`): must be non-NULL and aligned.
///
/// [`OutValue::set`] writes through the pointer without `unsafe` at the call: the promise that
/// it is writable is made once, to [`OutValue::new`].
pub(crate) struct OutValue<T> {
    ptr: *mut T,
}

impl<T> OutValue<T> {
    /// Checks the pointer: NULL and a misaligned pointer are refused.
    ///
    /// # Safety
    ///
    /// When `ptr` is not NULL, it is valid for writes of one `T` for as long as the `OutValue`
    /// lives.
    pub(crate) unsafe fn new(name: &str, ptr: *mut T) -> Result<Self, Failure> {
        if ptr.is_null() {
            return Err(Failure::null(name));
        }
        if !ptr.is_aligned() {
            return Err(Failure::invalid(format!(
                "argument `{name}` is not aligned for its type"
            )));
        }
        Ok(OutValue { ptr })
    }

    /// An optional output: `None` for NULL.
    ///
    /// # Safety
    ///
    /// As [`OutValue::new`].
    pub(crate) unsafe fn optional(name: &str, ptr: *mut T) -> Result<Option<Self>, Failure> {
        if ptr.is_null() {
            Ok(None)
        } else {
            // SAFETY: forwarded from the caller.
            unsafe { Self::new(name, ptr) }.map(Some)
        }
    }

    /// Writes the value.
    pub(crate) fn set(&self, value: T) {
        // SAFETY: checked non-NULL and aligned; the caller of `new` promised it writable.
        unsafe { self.ptr.write(value) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn last_error() -> String {
        // SAFETY: NULL with length 0 asks for the length; then a buffer of that size plus one.
        let len = unsafe { eniplan_last_error_message(std::ptr::null_mut(), 0) };
        let mut buf = vec![0 as c_char; len + 1];
        // SAFETY: `buf` has `buf.len()` writable bytes.
        let again = unsafe { eniplan_last_error_message(buf.as_mut_ptr(), buf.len()) };
        assert_eq!(again, len);
        let bytes: Vec<u8> = buf[..len].iter().map(|&c| c as u8).collect();
        assert_eq!(buf[len], 0);
        String::from_utf8(bytes).expect("UTF-8")
    }

    #[test]
    fn a_panic_becomes_a_result_and_a_message() {
        let result = guard(|| panic!("boom {}", 42));
        assert_eq!(result, eniplan_result::Panic);
        assert_eq!(last_error(), "internal error: boom 42");
        let result = guard(|| std::panic::panic_any(7_u8));
        assert_eq!(result, eniplan_result::Panic);
        assert_eq!(last_error(), "internal error: a panic without a message");
    }

    #[test]
    fn success_leaves_the_last_message() {
        assert_eq!(
            guard(|| Err(Failure::null("out"))),
            eniplan_result::NullArgument
        );
        assert_eq!(guard(|| Ok(())), eniplan_result::Ok);
        assert_eq!(last_error(), "argument `out` is NULL");
    }

    #[test]
    fn messages_are_per_thread() {
        guard(|| Err(Failure::invalid("main".into())));
        std::thread::spawn(|| {
            assert_eq!(last_error(), "");
            guard(|| Err(Failure::invalid("other".into())));
            assert_eq!(last_error(), "other");
        })
        .join()
        .expect("thread");
        assert_eq!(last_error(), "main");
    }

    #[test]
    fn a_cut_message_ends_on_a_character_boundary() {
        guard(|| Err(Failure::invalid("ab\u{e9}cd".into()))); // é is 2 bytes: a b é c d
        let mut buf = [0x55 as c_char; 4];
        // SAFETY: `buf` has 4 writable bytes.
        let full = unsafe { eniplan_last_error_message(buf.as_mut_ptr(), buf.len()) };
        assert_eq!(full, 6);
        // Three bytes would split é, so two are copied, then the NUL.
        assert_eq!(&buf[..3], &[b'a' as c_char, b'b' as c_char, 0]);
        // SAFETY: a 1-byte buffer gets only the NUL.
        let mut one = [0x55 as c_char; 1];
        assert_eq!(
            unsafe { eniplan_last_error_message(one.as_mut_ptr(), 1) },
            6
        );
        assert_eq!(one[0], 0);
    }

    #[test]
    fn outputs_are_checked_before_anything_is_written_through_them() {
        // `new` is where the caller promises writable memory (an `unsafe fn` since safe code
        // could otherwise hand it any address); it still refuses what it can check.
        // SAFETY (each call): the pointers are NULL, misaligned and never written, or point to
        // the locals below.
        let null = unsafe { OutValue::<u32>::new("out", std::ptr::null_mut()) };
        assert!(matches!(
            null,
            Err(Failure::Boundary(eniplan_result::NullArgument, _))
        ));
        let mut words = [0u32; 2];
        let misaligned = words
            .as_mut_ptr()
            .cast::<u8>()
            .wrapping_add(1)
            .cast::<u32>();
        let error = unsafe { OutValue::new("out", misaligned) };
        assert!(matches!(
            error,
            Err(Failure::Boundary(eniplan_result::InvalidArgument, _))
        ));
        assert!(matches!(
            unsafe { OutValue::<u32>::optional("out", std::ptr::null_mut()) },
            Ok(None)
        ));
        let error = unsafe { OutArray::new("out", std::ptr::null_mut::<u32>(), 2) };
        assert!(matches!(
            error,
            Err(Failure::Boundary(eniplan_result::NullArgument, _))
        ));
        let mut count = 9usize;
        let count_out = unsafe { OutValue::new("count", &mut count) }.unwrap();
        let out = unsafe { OutArray::new("out", words.as_mut_ptr(), 2) }.unwrap();
        assert!(matches!(
            out.reserve(3, &count_out),
            Err(Failure::Boundary(eniplan_result::BufferTooSmall, _))
        ));
        out.fill(&[7, 8], &count_out).unwrap();
        assert_eq!((words, count), ([7, 8], 2));
    }

    #[test]
    fn arrays_follow_the_null_alignment_and_size_rules() {
        // SAFETY (each call): the pointers are NULL, dangling with length 0, or point to `data`.
        let data = [1u32, 2, 3];
        assert_eq!(
            unsafe { read_array("a", std::ptr::null::<u32>(), 0) }.expect("empty"),
            Vec::<u32>::new()
        );
        let misaligned_but_empty = 1usize as *const u32;
        assert!(unsafe { read_array("a", misaligned_but_empty, 0) }.is_ok());
        let null = unsafe { read_array("a", std::ptr::null::<u32>(), 2) }.unwrap_err();
        assert!(matches!(
            null,
            Failure::Boundary(eniplan_result::NullArgument, _)
        ));
        let misaligned = data.as_ptr().cast::<u8>().wrapping_add(1).cast::<u32>();
        let error = unsafe { read_array("a", misaligned, 1) }.unwrap_err();
        assert!(matches!(
            error,
            Failure::Boundary(eniplan_result::InvalidArgument, _)
        ));
        let huge = unsafe { read_array("a", data.as_ptr(), usize::MAX / 2) }.unwrap_err();
        assert!(matches!(
            huge,
            Failure::Boundary(eniplan_result::InvalidArgument, _)
        ));
        assert_eq!(
            unsafe { read_array("a", data.as_ptr(), 3) }.expect("read"),
            vec![1, 2, 3]
        );
        let bad = [b'a', 0xff];
        let error = unsafe { read_str("s", bad.as_ptr().cast(), 2) }.unwrap_err();
        assert!(matches!(
            error,
            Failure::Boundary(eniplan_result::InvalidUtf8, _)
        ));
    }
}
