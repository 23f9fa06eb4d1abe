"""The fact base: YAML with positions, schema, derived facts, wording per language, number formatting."""
