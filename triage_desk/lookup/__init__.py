"""Name normalisation, phonetic keys, candidate search and ranking."""
