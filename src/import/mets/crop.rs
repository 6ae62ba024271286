//! Illustrations cut out of the page image, when the delivery supplies one that folio can
//! read (JPEG or PNG): the ALTO box, scaled from the ALTO page size to the image's pixels,
//! encoded as JPEG (quality 90, deterministic). Page images are decoded once per page.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use image::DynamicImage;

use crate::edition::{decode_image, ImageData};
use crate::input::{Kind, Limits};

/// Page images by page index, decoded on first use; `None` when unreadable (with the reason).
#[derive(Default)]
pub struct PageImages {
    paths: HashMap<usize, PathBuf>,
    limits: Limits,
    decoded: HashMap<usize, Result<DynamicImage, String>>,
}

impl PageImages {
    /// Page images by page index (only pages that have one).
    pub fn new(paths: HashMap<usize, PathBuf>, limits: Limits) -> PageImages {
        PageImages {
            paths,
            limits,
            decoded: HashMap::new(),
        }
    }

    /// The image file of a page, if the METS names one that exists.
    pub fn path(&self, page: usize) -> Option<&Path> {
        self.paths.get(&page).map(PathBuf::as_path)
    }

    /// The box `rect` (left, top, width, height in the ALTO page's unit, on a page of
    /// `page_size`) cut from page `page`'s image, as a JPEG; `Err` with the reason otherwise.
    pub fn crop(
        &mut self,
        page: usize,
        page_size: (f32, f32),
        rect: [f32; 4],
    ) -> Result<Arc<ImageData>, String> {
        let Some(path) = self.paths.get(&page).cloned() else {
            return Err("the page image was not supplied".into());
        };
        let image = self
            .decoded
            .entry(page)
            .or_insert_with(|| read_image(&path, &self.limits))
            .as_ref()
            .map_err(|e| format!("{}: {e}", path.display()))?;
        cut(image, page_size, rect).map(Arc::new)
    }
}

fn read_image(path: &Path, limits: &Limits) -> Result<DynamicImage, String> {
    let bytes =
        crate::input::read(path, Kind::Image, limits).map_err(|e| format!("the page image {e}"))?;
    match image::guess_format(&bytes) {
        Ok(image::ImageFormat::Jpeg | image::ImageFormat::Png) => {}
        _ => {
            return Err(
                "not a JPEG or PNG image (TIFF and JPEG 2000 page masters are not read)".into(),
            )
        }
    }
    image::load_from_memory(&bytes).map_err(|e| format!("unreadable image: {e}"))
}

/// Cuts the box out of the page image and encodes it.
pub fn cut(
    image: &DynamicImage,
    page_size: (f32, f32),
    rect: [f32; 4],
) -> Result<ImageData, String> {
    let (w, h) = (image.width() as f32, image.height() as f32);
    if page_size.0 <= 0.0 || page_size.1 <= 0.0 {
        return Err("the ALTO page has no WIDTH/HEIGHT to scale its boxes by".into());
    }
    let (sx, sy) = (w / page_size.0, h / page_size.1);
    let x0 = (rect[0] * sx).clamp(0.0, w).floor();
    let y0 = (rect[1] * sy).clamp(0.0, h).floor();
    let x1 = ((rect[0] + rect[2]) * sx).clamp(0.0, w).ceil();
    let y1 = ((rect[1] + rect[3]) * sy).clamp(0.0, h).ceil();
    if x1 - x0 < 8.0 || y1 - y0 < 8.0 {
        return Err("the illustration's box is empty or outside the page image".into());
    }
    let part = image.crop_imm(x0 as u32, y0 as u32, (x1 - x0) as u32, (y1 - y0) as u32);
    let mut bytes = Vec::new();
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 90);
    part.to_rgb8()
        .write_with_encoder(encoder)
        .map_err(|e| format!("cannot encode the crop: {e}"))?;
    decode_image(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boxes_scale_from_alto_units_to_pixels() {
        // A 200×100 pixel page whose ALTO measures 2000×1000 (mm10, say).
        let page = DynamicImage::new_rgb8(200, 100);
        let crop = cut(&page, (2000.0, 1000.0), [100.0, 200.0, 500.0, 300.0]).unwrap();
        assert_eq!((crop.width, crop.height), (50, 30));
        assert!(crop.bytes.starts_with(&[0xFF, 0xD8]));
        let again = cut(&page, (2000.0, 1000.0), [100.0, 200.0, 500.0, 300.0]).unwrap();
        assert_eq!(crop.bytes, again.bytes, "deterministic");
        assert!(cut(&page, (2000.0, 1000.0), [5000.0, 0.0, 10.0, 10.0]).is_err());
        assert!(cut(&page, (0.0, 0.0), [0.0, 0.0, 10.0, 10.0]).is_err());
    }
}
