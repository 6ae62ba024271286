//! Batch conversion: many editions at once, in parallel, resumable, isolated.
