import PythonSemantics

extension ProjectIndex {
    /// Walks a project class's bases, through the project's own classes (in any module), and
    /// returns the first answer `match` gives for a base as written there (`django.views.View`,
    /// `pydantic.BaseModel`): how a source asks "does this class derive from a framework's".
    package func firstBase<T>(of name: String, _ match: (String) -> T?) -> T? {
        var pending = [name]
        var seen: Set<String> = []
        while let next = pending.popLast(), seen.count < 16 {
            let canonical = canonicalName(next)
            guard seen.insert(canonical).inserted, let summary = classes[canonical] else { continue }
            for base in summary.bases {
                if let found = match(base) { return found }
                pending.append(base)
            }
        }
        return nil
    }
}
