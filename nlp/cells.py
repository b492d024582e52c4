"""Table lines -> typed cells aligned to the header's columns (filled in below)."""
