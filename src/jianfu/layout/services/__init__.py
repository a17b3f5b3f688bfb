"""Layout services. Each owns its transaction and writes an audit event."""
