"""Platform concerns: where files live, settings, logging, bundled resources."""
