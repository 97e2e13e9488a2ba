"""Documents (văn bản): numbers and symbols, and references to documents in free text."""
