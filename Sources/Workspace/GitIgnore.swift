/// The rules of `.gitignore` files, as git applies them: later rules override earlier ones,
/// `!` re-includes, a trailing `/` matches folders only, a pattern with a `/` before its end is
/// anchored to its file's folder, one without matches at any depth.
public struct GitIgnore: Sendable {
    struct Rule: Sendable {
        let glob: Glob
        let negated: Bool
        let directoryOnly: Bool
        /// The folder of the `.gitignore` that holds the rule, relative to the scan root ("" at the root).
        let base: String
    }

    private(set) var rules: [Rule] = []

    public init() {}

    /// Adds the rules of one `.gitignore` found in the folder `base` (relative to the scan root).
    public mutating func add(contents: String, base: String) {
        for rawLine in contents.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            var line = Substring(rawLine)
            // Trailing spaces are ignored unless escaped with a backslash.
            while line.hasSuffix(" ") && !line.hasSuffix("\\ ") { line = line.dropLast() }
            if line.isEmpty || line.hasPrefix("#") { continue }
            var negated = false
            if line.hasPrefix("!") {
                negated = true
                line = line.dropFirst()
            } else if line.hasPrefix("\\!") || line.hasPrefix("\\#") {
                line = line.dropFirst()
            }
            var directoryOnly = false
            if line.hasSuffix("/") {
                directoryOnly = true
                line = line.dropLast()
            }
            if line.isEmpty { continue }
            let anchored = line.contains("/")
            if line.hasPrefix("/") { line = line.dropFirst() }
            let pattern = anchored ? String(line) : "**/" + line
            // A malformed rule (an unclosed `[`) matches nothing, as in git.
            guard let glob = try? Glob(pattern.replacingOccurrences(of: "\\ ", with: " ")) else { continue }
            rules.append(Rule(glob: glob, negated: negated, directoryOnly: directoryOnly, base: base))
        }
    }

    /// Whether `path` (relative to the scan root, `/`-separated) is ignored. The last matching rule decides.
    public func isIgnored(_ path: String, isDirectory: Bool) -> Bool {
        var ignored = false
        for rule in rules {
            if rule.directoryOnly && !isDirectory { continue }
            let local: String
            if rule.base.isEmpty {
                local = path
            } else if path.hasPrefix(rule.base + "/") {
                local = String(path.dropFirst(rule.base.count + 1))
            } else {
                continue
            }
            if rule.glob.matchesWholePath(local) { ignored = !rule.negated }
        }
        return ignored
    }

    public var isEmpty: Bool { rules.isEmpty }
}
