//! Page layout: geometry, columns, headline blocks, images and captions, running heads,
//! folios; produces a format-free page model for the PDF writer.
