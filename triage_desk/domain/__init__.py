"""Pure domain: value objects, enums and errors. No I/O, no Qt, no SQL."""
