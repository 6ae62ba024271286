//! Checking an image's bytes before any writer sees them: a complete JPEG or PNG, decoded in
//! full, its problems said in words; a CMYK JPEG without a colour profile converted to RGB.

use image::{ImageDecoder, ImageError, ImageReader};

use super::model::{ImageData, ImageFormat};

/// Decoding stops above this many bytes of pixels (an 8,000 × 8,000 RGBA picture), so that a
/// small file claiming enormous dimensions (a "decompression bomb") cannot exhaust memory.
pub const MAX_DECODED_BYTES: u64 = 256 << 20;

/// Checks that bytes are a complete, decodable JPEG or PNG and reads its size. A CMYK JPEG
/// without an embedded ICC profile is converted to an RGB JPEG (see [`cmyk_to_rgb`]).
pub fn decode_image(bytes: Vec<u8>) -> Result<ImageData, String> {
    let format = match image::guess_format(&bytes) {
        Ok(image::ImageFormat::Jpeg) => ImageFormat::Jpeg,
        Ok(image::ImageFormat::Png) => ImageFormat::Png,
        Ok(other) => {
            return Err(format!(
                "expected a JPEG or PNG image, found {}",
                other.extensions_str().first().unwrap_or(&"another format")
            ))
        }
        Err(_) => return Err("not a JPEG or PNG image (unrecognised content)".into()),
    };
    let jpeg = match format {
        ImageFormat::Jpeg => Some(jpeg_structure(&bytes)?),
        ImageFormat::Png => None,
    };
    let mut reader = ImageReader::new(std::io::Cursor::new(&bytes));
    reader.set_format(match format {
        ImageFormat::Jpeg => image::ImageFormat::Jpeg,
        ImageFormat::Png => image::ImageFormat::Png,
    });
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_DECODED_BYTES);
    reader.limits(limits);
    let decoder = reader.into_decoder().map_err(|e| in_words(format, &e))?;
    let (width, height) = decoder.dimensions();
    if width == 0 || height == 0 {
        return Err("the image has no pixels (width or height 0)".into());
    }
    let img = image::DynamicImage::from_decoder(decoder).map_err(|e| in_words(format, &e))?;
    let bytes = match jpeg {
        Some(info) if info.components == 4 && !info.has_icc_profile => cmyk_to_rgb(&img)?,
        _ => bytes,
    };
    Ok(ImageData {
        width,
        height,
        bytes,
        format,
    })
}

/// What an image decoder's error means, in words (the decoders' own messages can be Rust
/// debug text such as `ChunkType { type: real, … }`).
fn in_words(format: ImageFormat, e: &ImageError) -> String {
    let name = match format {
        ImageFormat::Jpeg => "JPEG",
        ImageFormat::Png => "PNG",
    };
    match e {
        ImageError::Limits(_) => format!(
            "the {name} image is too large to decode: its pixels would take more than {}",
            crate::input::human_size(MAX_DECODED_BYTES)
        ),
        ImageError::Unsupported(_) => {
            format!("the {name} image uses a variant folio cannot read; save it as a plain {name}")
        }
        ImageError::IoError(_) => format!("the {name} data ends too early (a truncated file)"),
        _ => {
            let detail = e.to_string();
            if detail.contains(['{', '}']) || detail.len() > 120 {
                format!("the {name} data is corrupt and cannot be decoded")
            } else {
                format!("the {name} data is corrupt and cannot be decoded ({detail})")
            }
        }
    }
}

/// What the marker walk of [`jpeg_structure`] found.
struct JpegInfo {
    /// Colour components of the frame: 1 grey, 3 YCbCr/RGB, 4 CMYK/YCCK.
    components: u8,
    /// Whether an `ICC_PROFILE` APP2 segment is present.
    has_icc_profile: bool,
}

/// Walks a JPEG's markers from start to end-of-image, refusing a file that stops early
/// (decoders quietly fill a truncated picture with grey, and the PDF would then embed
/// invalid data) or whose segments do not fit.
fn jpeg_structure(bytes: &[u8]) -> Result<JpegInfo, String> {
    let truncated = || "the JPEG data ends before the end-of-image marker (a truncated file)";
    let mut info = JpegInfo {
        components: 0,
        has_icc_profile: false,
    };
    let mut i = 2; // after SOI, checked by the signature
    loop {
        if i >= bytes.len() {
            return Err(truncated().into());
        }
        if bytes[i] != 0xFF {
            return Err(format!(
                "the JPEG data is corrupt: expected a marker at byte {i}"
            ));
        }
        while i < bytes.len() && bytes[i] == 0xFF {
            i += 1; // fill bytes
        }
        let Some(&marker) = bytes.get(i) else {
            return Err(truncated().into());
        };
        i += 1;
        match marker {
            0xD9 => break, // end of image
            0x01 | 0xD0..=0xD7 => continue,
            _ => {}
        }
        let Some(len) = bytes
            .get(i..i + 2)
            .map(|b| usize::from(u16::from_be_bytes([b[0], b[1]])))
        else {
            return Err(truncated().into());
        };
        if len < 2 || i + len > bytes.len() {
            return Err(truncated().into());
        }
        let segment = &bytes[i + 2..i + len];
        i += len;
        match marker {
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                info.components = segment.get(5).copied().unwrap_or(0);
            }
            0xE2 if segment.starts_with(b"ICC_PROFILE\0") => info.has_icc_profile = true,
            0xDA => i = skip_entropy_coded(bytes, i).ok_or_else(truncated)?,
            _ => {}
        }
    }
    if info.components == 0 {
        return Err("the JPEG data is corrupt: it has no frame header".into());
    }
    Ok(info)
}

/// The offset of the marker that ends the entropy-coded data starting at `i`, or `None` if
/// the data runs to the end of the file.
fn skip_entropy_coded(bytes: &[u8], mut i: usize) -> Option<usize> {
    while i + 1 < bytes.len() {
        if bytes[i] == 0xFF {
            let next = bytes[i + 1];
            if next == 0x00 || (0xD0..=0xD7).contains(&next) || next == 0xFF {
                i += if next == 0xFF { 1 } else { 2 };
                continue;
            }
            return Some(i);
        }
        i += 1;
    }
    None
}

/// A CMYK JPEG without a profile, as an RGB JPEG (quality 92).
///
/// PDF/A forbids device CMYK without an output intent, and a CMYK JPEG with no embedded ICC
/// profile has nothing to say what its inks mean. No freely licensed CMYK profile can be
/// bundled (ghostscript's is AGPL), so the picture is converted here with the decoder's
/// conversion (`R = 255·(1−C)(1−K)`, Adobe's inverted CMYK included), which is what a reader
/// without colour management shows anyway. A CMYK JPEG that carries its own profile is
/// embedded untouched, with that profile.
fn cmyk_to_rgb(img: &image::DynamicImage) -> Result<Vec<u8>, String> {
    let rgb = img.to_rgb8();
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 92)
        .encode_image(&rgb)
        .map_err(|e| format!("cannot convert the CMYK JPEG to RGB: {e}"))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg(width: u32, height: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([(x * 7) as u8, (y * 5) as u8, 128])
        });
        let mut out = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
            .encode_image(&img)
            .unwrap();
        out
    }

    #[test]
    fn a_whole_jpeg_is_accepted_and_a_truncated_one_refused() {
        let bytes = jpeg(64, 48);
        let data = decode_image(bytes.clone()).unwrap();
        assert_eq!((data.width, data.height), (64, 48));
        assert_eq!(data.bytes, bytes, "an RGB JPEG is kept untouched");
        let half = bytes[..bytes.len() / 2].to_vec();
        let e = decode_image(half).unwrap_err();
        assert!(e.contains("truncated"), "{e}");
        let e = decode_image(bytes[..bytes.len() - 2].to_vec()).unwrap_err();
        assert!(e.contains("truncated"), "{e}");
    }

    #[test]
    fn a_corrupt_png_is_refused_in_words() {
        let img = image::RgbImage::from_pixel(8, 8, image::Rgb([1, 2, 3]));
        let mut png = Vec::new();
        img.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        assert!(decode_image(png.clone()).is_ok());
        let mut bad = png.clone();
        let n = bad.len();
        bad[n - 20] ^= 0xFF; // inside the image data chunk or its checksum
        let e = decode_image(bad).unwrap_err();
        assert!(!e.contains('{'), "{e}");
        assert!(e.contains("PNG"), "{e}");
        let e = decode_image(png[..png.len() / 2].to_vec()).unwrap_err();
        assert!(!e.contains('{') && e.contains("PNG"), "{e}");
    }
}
