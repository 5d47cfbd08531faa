/// Entry point of the parser. (Placeholder until the parser lands: reports every file as unparsed.)
public enum PythonParser {
    /// Parses a whole module. Never throws, never crashes: errors are collected in `tree.errors`
    /// while parsing goes on, and the tree keeps every statement that could be parsed.
    public static func parse(_ source: SourceFile) -> SyntaxTree {
        var tree = SyntaxTree()
        tree.errors.append(SyntaxError(message: "parser not implemented", line: 1, column: 1))
        return tree
    }
}
