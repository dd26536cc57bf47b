"""The rule engine: rule files → compiled rule set → scanner → overlap resolution."""
