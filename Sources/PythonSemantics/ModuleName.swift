import Foundation

/// Dotted module names: from a file path, and for relative imports.
public enum ModuleName {
    /// The module a file defines, from its path relative to the project root
    /// (`pkg/views.py` → `pkg.views`, `pkg/__init__.py` → `pkg`, package flag set). A leading
    /// `src/` directory (the "src layout") is dropped, since it is never part of the import path.
    public static func from(relativePath path: String) -> (name: String, isPackage: Bool) {
        var components = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        while let first = components.first, first == "." { components.removeFirst() }
        if components.count > 1, components.first == "src" { components.removeFirst() }
        guard var last = components.popLast() else { return ("__main__", false) }
        for suffix in [".pyi", ".py", ".pyw"] where last.hasSuffix(suffix) {
            last = String(last.dropLast(suffix.count))
            break
        }
        var isPackage = false
        if last == "__init__" {
            isPackage = true
        } else {
            components.append(last)
        }
        let name = components.map { $0.replacingOccurrences(of: "-", with: "_") }.joined(separator: ".")
        return (name.isEmpty ? "__main__" : name, isPackage)
    }

    /// The absolute module a `from <dots><module> import ...` refers to, inside module
    /// `current` (`isPackage` when `current` is a package's `__init__`). Nil when the dots climb
    /// above the top-level package.
    public static func resolveRelative(module: String?, level: Int, current: String, isPackage: Bool) -> String? {
        guard level > 0 else { return module }
        var base = current.split(separator: ".").map(String.init)
        if !isPackage { _ = base.popLast() }
        for _ in 1..<level {
            guard !base.isEmpty else { return nil }
            base.removeLast()
        }
        if let module, !module.isEmpty { base.append(module) }
        return base.isEmpty ? nil : base.joined(separator: ".")
    }
}
