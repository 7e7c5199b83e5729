//! zlib (EU DCC) and raw DEFLATE (SMART Health Card) with per-thread reused compressors: setting up
//! a compressor costs more than compressing a certificate.

use std::cell::RefCell;

use flate2::{Compress, Compression, Decompress, FlushCompress, FlushDecompress, Status};

use crate::verify::{Invalid, Reason};

/// Inflated payloads larger than this are refused (a certificate is a few kilobytes).
const MAX_INFLATED: usize = 1 << 20;

thread_local! {
    static ZLIB: RefCell<Compress> = RefCell::new(Compress::new(Compression::default(), true));
    static RAW: RefCell<Compress> = RefCell::new(Compress::new(Compression::default(), false));
}

fn compress_with(c: &mut Compress, data: &[u8]) -> Vec<u8> {
    c.reset();
    let mut out = Vec::with_capacity(data.len() / 2 + 64);
    loop {
        let consumed = usize::try_from(c.total_in()).unwrap_or(usize::MAX);
        let input = data.get(consumed..).unwrap_or_default();
        match c.compress_vec(input, &mut out, FlushCompress::Finish) {
            Ok(Status::StreamEnd) => return out,
            Ok(_) => out.reserve(out.capacity().max(64)),
            // Compressing into a growing Vec cannot fail; an empty result then fails to inflate.
            Err(_) => return Vec::new(),
        }
    }
}

/// zlib-compresses `data` (with header and checksum).
pub(crate) fn zlib(data: &[u8]) -> Vec<u8> {
    ZLIB.with(|c| compress_with(&mut c.borrow_mut(), data))
}

/// Raw-DEFLATE-compresses `data` (no header), as SMART Health Cards want.
pub(crate) fn deflate_raw(data: &[u8]) -> Vec<u8> {
    RAW.with(|c| compress_with(&mut c.borrow_mut(), data))
}

fn inflate_with(mut d: Decompress, data: &[u8]) -> Result<Vec<u8>, Invalid> {
    let mut out = Vec::with_capacity(data.len() * 3 + 64);
    loop {
        let consumed = usize::try_from(d.total_in()).unwrap_or(usize::MAX);
        let input = data.get(consumed..).unwrap_or_default();
        let before = (d.total_in(), d.total_out());
        let status = d
            .decompress_vec(input, &mut out, FlushDecompress::None)
            .map_err(|e| Invalid::new(Reason::BadCompression, format!("cannot inflate: {e}")))?;
        if status == Status::StreamEnd {
            return Ok(out);
        }
        if out.len() >= MAX_INFLATED {
            return Err(Invalid::new(
                Reason::BadCompression,
                "the payload inflates beyond 1 MiB",
            ));
        }
        let stalled = (d.total_in(), d.total_out()) == before;
        if stalled && out.len() < out.capacity() {
            return Err(Invalid::new(
                Reason::Truncated,
                "the compressed payload ends before its end marker",
            ));
        }
        out.reserve(out.capacity().max(256));
    }
}

/// Inflates zlib data, refusing data that is not zlib, is cut, or is too large.
pub(crate) fn inflate_zlib(data: &[u8]) -> Result<Vec<u8>, Invalid> {
    inflate_with(Decompress::new(true), data)
}

/// Inflates raw DEFLATE data.
pub(crate) fn inflate_raw(data: &[u8]) -> Result<Vec<u8>, Invalid> {
    inflate_with(Decompress::new(false), data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_cuts() {
        let text = b"vaccination vaccination vaccination certificate".repeat(20);
        let z = zlib(&text);
        assert_eq!(inflate_zlib(&z).map_err(|e| e.message), Ok(text.clone()));
        let r = deflate_raw(&text);
        assert_eq!(inflate_raw(&r).ok(), Some(text.clone()));
        // Compressors are reused: a second run gives the same bytes.
        assert_eq!(zlib(&text), z);
        let cut = z.get(..z.len() - 6).unwrap_or_default();
        assert!(inflate_zlib(cut).is_err());
        assert!(inflate_zlib(&text).is_err());
        assert!(inflate_zlib(&[]).is_err());
    }
}
