//! Byte-level coding of the index: LEB128 varints, sorted id sets (delta+varint or
//! bitmap, whichever is smaller) and gzip framing of every file.

use std::io::Write;

use flate2::Compression;
use flate2::write::GzEncoder;

/// Appends `v` as an unsigned LEB128 varint.
pub fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Reads a varint at `*pos`, advancing it; None on truncated or overlong input.
pub(crate) fn get_varint(buf: &[u8], pos: &mut usize) -> Option<u64> {
    let mut v: u64 = 0;
    for shift in (0..64).step_by(7) {
        let byte = *buf.get(*pos)?;
        *pos += 1;
        v |= u64::from(byte & 0x7f) << shift;
        if byte < 0x80 {
            return Some(v);
        }
    }
    None
}

pub(crate) fn put_str(out: &mut Vec<u8>, s: &str) {
    put_varint(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

const SET_DELTA: u8 = 0;
const SET_BITMAP: u8 = 1;

/// Encodes a strictly increasing id list, choosing the smaller of two codings:
/// tag 0: count, then gaps (first id, then id - previous - 1) as varints;
/// tag 1: first id, byte length, then a bitmap where bit b of byte j means first+8j+b.
pub fn put_id_set(out: &mut Vec<u8>, ids: &[u32]) {
    let delta = delta_coding(ids);
    let bitmap = bitmap_coding(ids);
    match bitmap {
        Some(b) if b.len() < delta.len() => out.extend_from_slice(&b),
        _ => out.extend_from_slice(&delta),
    }
}

fn delta_coding(ids: &[u32]) -> Vec<u8> {
    let mut out = vec![SET_DELTA];
    put_varint(&mut out, ids.len() as u64);
    let mut next = 0u32;
    for &id in ids {
        put_varint(&mut out, u64::from(id - next));
        next = id + 1;
    }
    out
}

fn bitmap_coding(ids: &[u32]) -> Option<Vec<u8>> {
    let (&first, &last) = (ids.first()?, ids.last()?);
    let len = ((last - first) / 8 + 1) as usize;
    let mut out = vec![SET_BITMAP];
    put_varint(&mut out, u64::from(first));
    put_varint(&mut out, len as u64);
    let base = out.len();
    out.resize(base + len, 0);
    for &id in ids {
        let off = (id - first) as usize;
        out[base + off / 8] |= 1 << (off % 8);
    }
    Some(out)
}

/// Decodes one id set written by [`put_id_set`].
pub(crate) fn get_id_set(buf: &[u8], pos: &mut usize) -> Option<Vec<u32>> {
    let tag = *buf.get(*pos)?;
    *pos += 1;
    match tag {
        SET_DELTA => {
            let count = get_varint(buf, pos)? as usize;
            let mut ids = Vec::with_capacity(count.min(buf.len()));
            let mut next = 0u64;
            for _ in 0..count {
                let id = next + get_varint(buf, pos)?;
                ids.push(u32::try_from(id).ok()?);
                next = id + 1;
            }
            Some(ids)
        }
        SET_BITMAP => {
            let first = get_varint(buf, pos)?;
            let len = get_varint(buf, pos)? as usize;
            let bytes = buf.get(*pos..pos.checked_add(len)?)?;
            *pos += len;
            let mut ids = Vec::new();
            for (j, byte) in bytes.iter().enumerate() {
                for b in 0..8 {
                    if byte & (1 << b) != 0 {
                        ids.push(u32::try_from(first + (j * 8 + b) as u64).ok()?);
                    }
                }
            }
            Some(ids)
        }
        _ => None,
    }
}

/// Gzip with a fixed header (no timestamp, no name) so output bytes are reproducible.
pub(crate) fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = GzEncoder::new(
        Vec::with_capacity(data.len() / 2 + 64),
        Compression::default(),
    );
    // Writing into a Vec cannot fail.
    enc.write_all(data).expect("write to Vec");
    enc.finish().expect("finish into Vec")
}

/// Inverse of [`gzip`], for readers of the index.
pub fn gunzip(data: &[u8]) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(data).read_to_end(&mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varint_round_trip() {
        let values = [
            0u64,
            1,
            127,
            128,
            300,
            16_383,
            16_384,
            u32::MAX as u64,
            u64::MAX,
        ];
        let mut buf = Vec::new();
        for &v in &values {
            put_varint(&mut buf, v);
        }
        assert_eq!(&buf[..4], &[0, 1, 127, 0x80]);
        let mut pos = 0;
        for &v in &values {
            assert_eq!(get_varint(&buf, &mut pos), Some(v));
        }
        assert_eq!(pos, buf.len());
        assert_eq!(get_varint(&[0x80], &mut 0), None);
    }

    #[test]
    fn sparse_sets_use_deltas_dense_sets_bitmaps() {
        let sparse = vec![3, 1000, 70_000];
        let dense: Vec<u32> = (100..1100).filter(|i| i % 3 != 0).collect();
        for (ids, tag) in [(&sparse, SET_DELTA), (&dense, SET_BITMAP)] {
            let mut buf = Vec::new();
            put_id_set(&mut buf, ids);
            assert_eq!(buf[0], tag);
            let mut pos = 0;
            assert_eq!(get_id_set(&buf, &mut pos).as_ref(), Some(ids));
            assert_eq!(pos, buf.len());
        }
        let mut empty = Vec::new();
        put_id_set(&mut empty, &[]);
        assert_eq!(get_id_set(&empty, &mut 0), Some(vec![]));
    }

    #[test]
    fn gzip_is_deterministic_and_round_trips() {
        let data = b"manutenzione manutenzione manutenzione".repeat(10);
        assert_eq!(gzip(&data), gzip(&data));
        assert_eq!(gunzip(&gzip(&data)).ok(), Some(data));
    }
}
