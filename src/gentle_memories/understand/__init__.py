"""Understanding: events, text sensitivity and other evidence, read from and kept in the library."""
