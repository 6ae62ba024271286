//! Pictures as they go into the EPUB: untouched when small enough, downscaled when larger than
//! an e-reader can use (a 24-megapixel photograph only makes the book heavy and slow to open).

use std::io::Cursor;

use anyhow::{Context, Result};
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType as PngFilter, PngEncoder};
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageReader};

use crate::edition::{ImageData, ImageFormat};

/// JPEG quality of downscaled photographs: visually lossless at reading sizes.
const JPEG_QUALITY: u8 = 85;

/// A picture ready to be stored in the book.
#[derive(Debug, Clone, PartialEq)]
pub struct PreparedImage {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Its format (kept from the source).
    pub format: ImageFormat,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

/// The picture as stored in the book: the source bytes when it has at most `max_pixels`
/// pixels, else scaled down (keeping its proportions and format, applying the EXIF
/// orientation that re-encoding would otherwise lose) to fit within `max_pixels`.
pub fn prepare(data: &ImageData, max_pixels: u64) -> Result<PreparedImage> {
    let pixels = u64::from(data.width) * u64::from(data.height);
    if pixels <= max_pixels || max_pixels == 0 {
        return Ok(PreparedImage {
            bytes: data.bytes.clone(),
            format: data.format,
            width: data.width,
            height: data.height,
        });
    }
    let format = match data.format {
        ImageFormat::Jpeg => image::ImageFormat::Jpeg,
        ImageFormat::Png => image::ImageFormat::Png,
    };
    let mut decoder = ImageReader::with_format(Cursor::new(&data.bytes), format)
        .into_decoder()
        .context("cannot decode picture to downscale it")?;
    let orientation = decoder
        .orientation()
        .context("cannot read picture orientation")?;
    let mut picture = DynamicImage::from_decoder(decoder).context("cannot decode picture")?;
    picture.apply_orientation(orientation);
    let scale = (max_pixels as f64 / pixels as f64).sqrt();
    let width = ((f64::from(picture.width()) * scale).floor() as u32).max(1);
    let height = ((f64::from(picture.height()) * scale).floor() as u32).max(1);
    let picture = picture.resize_exact(width, height, FilterType::Triangle);
    let mut bytes = Vec::new();
    match data.format {
        ImageFormat::Jpeg => {
            let rgb = DynamicImage::ImageRgb8(picture.to_rgb8());
            JpegEncoder::new_with_quality(&mut bytes, JPEG_QUALITY)
                .encode_image(&rgb)
                .context("cannot encode downscaled JPEG")?;
        }
        ImageFormat::Png => {
            let encoder = PngEncoder::new_with_quality(
                &mut bytes,
                CompressionType::Best,
                PngFilter::Adaptive,
            );
            picture
                .write_with_encoder(encoder)
                .context("cannot encode downscaled PNG")?;
        }
    }
    Ok(PreparedImage {
        bytes,
        format: data.format,
        width,
        height,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> ImageData {
        let picture = image::RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
        });
        let mut bytes = Vec::new();
        DynamicImage::ImageRgb8(picture)
            .write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Png)
            .unwrap();
        ImageData {
            bytes,
            format: ImageFormat::Png,
            width,
            height,
        }
    }

    #[test]
    fn small_pictures_pass_through_untouched() {
        let data = png(40, 30);
        let prepared = prepare(&data, 4_000_000).unwrap();
        assert_eq!(prepared.bytes, data.bytes);
        assert_eq!((prepared.width, prepared.height), (40, 30));
    }

    #[test]
    fn large_pictures_are_scaled_to_the_pixel_budget() {
        let data = png(400, 300);
        let prepared = prepare(&data, 12_000).unwrap();
        assert!(u64::from(prepared.width) * u64::from(prepared.height) <= 12_000);
        assert_eq!((prepared.width, prepared.height), (126, 94));
        let decoded = image::load_from_memory(&prepared.bytes).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (126, 94));
        assert_eq!(prepared, prepare(&data, 12_000).unwrap(), "deterministic");
    }
}
