"""Read agencies' press-information reports and extract their fields with evidence."""

EXTRACTOR_VERSION = "0.1.0"
