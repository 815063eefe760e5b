"""Language front ends (tree-sitter)."""
