//! Reading gzip-encoded answers (RFC 1952). GitHub compresses its JSON; a
//! page of 100 runs shrinks from about 1.2 MB. The inflate itself is
//! `miniz_oxide` (pure Rust); the container around it is a few bytes,
//! parsed here, so that decompression stops at the body limit.

/// Why a gzip body could not be read.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum GzipError {
    /// Not a well-formed gzip member; says what is wrong.
    Malformed(&'static str),
    /// Inflating would pass the limit.
    TooLarge,
}

const FHCRC: u8 = 0x02;
const FEXTRA: u8 = 0x04;
const FNAME: u8 = 0x08;
const FCOMMENT: u8 = 0x10;

/// Inflates one gzip member into at most `limit` bytes, checking its CRC
/// and length.
pub(crate) fn gunzip(data: &[u8], limit: usize) -> Result<Vec<u8>, GzipError> {
    let malformed = GzipError::Malformed;
    if data.len() < 18 {
        return Err(malformed("not gzip data"));
    }
    let at = header_len(data)?;
    let trailer_at = data.len() - 8;
    let deflated = data
        .get(at..trailer_at)
        .ok_or(malformed("truncated header"))?;
    let out =
        miniz_oxide::inflate::decompress_to_vec_with_limit(deflated, limit).map_err(|e| match e
            .status
        {
            miniz_oxide::inflate::TINFLStatus::HasMoreOutput => GzipError::TooLarge,
            _ => GzipError::Malformed("the deflate data is corrupt"),
        })?;
    let trailer = &data[trailer_at..];
    let crc = u32::from_le_bytes([trailer[0], trailer[1], trailer[2], trailer[3]]);
    let size = u32::from_le_bytes([trailer[4], trailer[5], trailer[6], trailer[7]]);
    if crc32(&out) != crc {
        return Err(malformed("the CRC does not match"));
    }
    if size != out.len() as u32 {
        return Err(malformed("the length does not match"));
    }
    Ok(out)
}

/// As much of a gzip member's text as inflates into `limit` bytes, for
/// error messages: a member cut short (an error body read only up to its
/// bound), larger than `limit` or corrupt further on gives what inflated
/// before that point, unchecked. `None` when `data` has no gzip header.
pub(crate) fn gunzip_prefix(data: &[u8], limit: usize) -> Option<Vec<u8>> {
    use miniz_oxide::inflate::TINFLStatus;
    use miniz_oxide::inflate::core::{DecompressorOxide, decompress, inflate_flags};

    let at = header_len(data).ok()?;
    let mut input = data.get(at..)?;
    // The whole output is one buffer (no wrapping), grown up to `limit`;
    // whatever stops the inflate, what came out before it is kept.
    let flags = inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF;
    let mut out = vec![
        0;
        input
            .len()
            .saturating_mul(4)
            .clamp(64, limit.max(64))
            .min(limit)
    ];
    let mut inflater = DecompressorOxide::new();
    let mut written = 0;
    loop {
        let (status, read, wrote) = decompress(&mut inflater, input, &mut out, written, flags);
        written += wrote;
        input = input.get(read..).unwrap_or_default();
        if status != TINFLStatus::HasMoreOutput || out.len() >= limit {
            break;
        }
        out.resize(out.len().saturating_mul(2).min(limit), 0);
    }
    out.truncate(written);
    Some(out)
}

/// The length of a gzip member's header: the fixed ten bytes and the
/// optional fields its flags announce.
fn header_len(data: &[u8]) -> Result<usize, GzipError> {
    let malformed = GzipError::Malformed;
    if data.len() < 10 || data[0] != 0x1f || data[1] != 0x8b {
        return Err(malformed("not gzip data"));
    }
    if data[2] != 8 {
        return Err(malformed("compression method is not deflate"));
    }
    let flags = data[3];
    let mut at = 10;
    if flags & FEXTRA != 0 {
        let len = data.get(at..at + 2).ok_or(malformed("truncated header"))?;
        at += 2 + usize::from(u16::from_le_bytes([len[0], len[1]]));
    }
    for flag in [FNAME, FCOMMENT] {
        if flags & flag != 0 {
            let end = data
                .get(at..)
                .and_then(|rest| rest.iter().position(|&b| b == 0))
                .ok_or(malformed("truncated header"))?;
            at += end + 1;
        }
    }
    if flags & FHCRC != 0 {
        at += 2;
    }
    if at > data.len() {
        return Err(malformed("truncated header"));
    }
    Ok(at)
}

/// CRC-32 (IEEE 802.3, reflected), as gzip's trailer holds it.
fn crc32(data: &[u8]) -> u32 {
    const TABLE: [u32; 256] = {
        let mut table = [0u32; 256];
        let mut i = 0;
        while i < 256 {
            let mut c = i as u32;
            let mut k = 0;
            while k < 8 {
                c = if c & 1 != 0 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
                k += 1;
            }
            table[i] = c;
            i += 1;
        }
        table
    };
    !data.iter().fold(!0u32, |c, &b| {
        TABLE[((c ^ u32::from(b)) & 0xff) as usize] ^ (c >> 8)
    })
}

/// A gzip member of `data`, for tests and fuzzing.
#[cfg(any(test, feature = "fuzzing"))]
pub(crate) fn gzip(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
    out.extend(miniz_oxide::deflate::compress_to_vec(data, 6));
    out.extend(crc32(data).to_le_bytes());
    out.extend((data.len() as u32).to_le_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `printf 'hello, gzip\n' | gzip -9n`, made once with GNU gzip.
    const HELLO: &[u8] = &[
        0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0xcb, 0x48, 0xcd, 0xc9, 0xc9,
        0xd7, 0x51, 0x48, 0xaf, 0xca, 0x2c, 0xe0, 0x02, 0x00, 0x86, 0x1f, 0x82, 0xa4, 0x0c, 0x00,
        0x00, 0x00,
    ];

    #[test]
    fn a_gzip_member_from_gnu_gzip_inflates_and_checks_out() {
        assert_eq!(gunzip(HELLO, 1024).unwrap(), b"hello, gzip\n");
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn corrupt_truncated_and_oversized_members_are_errors() {
        assert_eq!(gunzip(HELLO, 5), Err(GzipError::TooLarge));
        let mut bad_crc = HELLO.to_vec();
        bad_crc[24] ^= 1;
        assert_eq!(
            gunzip(&bad_crc, 1024),
            Err(GzipError::Malformed("the CRC does not match"))
        );
        assert!(gunzip(&HELLO[..12], 1024).is_err());
        assert!(gunzip(b"{\"plain\": true} and more", 1024).is_err());
        let round = b"{\"total_count\": 0}".repeat(100);
        assert_eq!(gunzip(&gzip(&round), round.len()).unwrap(), round);
        let mut not_deflate = HELLO.to_vec();
        not_deflate[2] = 7;
        assert!(gunzip(&not_deflate, 1024).is_err());
    }

    #[test]
    fn a_prefix_inflates_from_a_cut_or_oversized_member() {
        assert_eq!(gunzip_prefix(HELLO, 1024).unwrap(), b"hello, gzip\n");
        assert_eq!(gunzip_prefix(HELLO, 5).unwrap(), b"hello");
        let text = b"{\"message\": \"Server Error\"} ".repeat(4000);
        let member = gzip(&text);
        let cut = &member[..member.len() / 2];
        let start = gunzip_prefix(cut, 1 << 20).unwrap();
        assert!(!start.is_empty() && text.starts_with(&start));
        assert_eq!(gunzip_prefix(&member, 100).unwrap(), &text[..100]);
        assert_eq!(gunzip_prefix(b"plain text", 100), None);
        assert_eq!(gunzip_prefix(&HELLO[..10], 100).unwrap(), b"");
        let mut flags_past_end = HELLO[..10].to_vec();
        flags_past_end[3] = FEXTRA;
        flags_past_end.extend([0xff, 0xff]);
        assert_eq!(gunzip_prefix(&flags_past_end, 100), None);
        assert!(gunzip(&[&flags_past_end[..], &[0; 8]].concat(), 100).is_err());
    }
}
