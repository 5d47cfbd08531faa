// `--fix`: rewrite vulnerable pins in requirements files, in place, keeping everything else.
import Findings
import Foundation

enum RequirementsFixer {
    /// Applies the fixes of `DEP-VULN` findings located in requirements/constraints files.
    /// Returns the fingerprints of the findings fixed and notices describing every rewrite.
    static func apply(findings: [Finding], base: String) -> (fixed: Set<String>, notices: [String]) {
        var fixed = Set<String>()
        var notices: [String] = []
        let candidates = findings.filter {
            $0.ruleID == DependencyRules.vulnerable.id && ($0.properties["manifest"] == ManifestKind.requirements.rawValue || $0.properties["manifest"] == ManifestKind.constraints.rawValue)
        }
        let byFile = Dictionary(grouping: candidates, by: \.location.file)
        for file in byFile.keys.sorted() {
            let path = file.hasPrefix("/") ? file : (base as NSString).appendingPathComponent(file)
            guard let data = FileManager.default.contents(atPath: path) else {
                notices.append("--fix: cannot read \(file)")
                continue
            }
            let text = String(decoding: data, as: UTF8.self)
            var lines = text.components(separatedBy: "\n")
            var changed = false
            var hashed = false
            for finding in byFile[file] ?? [] {
                guard let package = finding.properties["package"], let old = finding.properties["version"], let new = finding.properties["fixedVersion"] else { continue }
                // The requirement may continue over several physical lines; the pin is on one of them.
                var index = finding.location.startLine - 1
                var done = false
                while index < lines.count && index < finding.location.startLine + 20 {
                    if let rewritten = rewrite(line: lines[index], package: package, old: old, new: new) {
                        lines[index] = rewritten
                        done = true
                        break
                    }
                    if !lines[index].hasSuffix("\\") { break }
                    index += 1
                }
                if done {
                    changed = true
                    fixed.insert(finding.fingerprint)
                    let logical = lines[(finding.location.startLine - 1)..<min(lines.count, finding.location.startLine + 20)]
                    if logical.contains(where: { $0.contains("--hash") }) { hashed = true }
                    notices.append("--fix: \(file):\(finding.location.startLine): \(package) \(old) -> \(new)")
                } else {
                    notices.append("--fix: \(file):\(finding.location.startLine): could not find the pin of \(package) \(old) to rewrite")
                }
            }
            if changed {
                do {
                    try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
                    if hashed {
                        notices.append("--fix: \(file) has --hash entries for the old versions: regenerate them (pip-compile --generate-hashes, or pip hash) before installing")
                    }
                } catch {
                    notices.append("--fix: cannot write \(file): \(error.localizedDescription)")
                    for finding in byFile[file] ?? [] { fixed.remove(finding.fingerprint) }
                }
            }
        }
        return (fixed, notices)
    }

    /// Replaces the version after `==`/`===` that follows the requirement name on `line`, if present.
    static func rewrite(line: String, package: String, old: String, new: String) -> String? {
        let chars = Array(line)
        // Find the name (PEP 503 comparison) at the start of the requirement text.
        var start = 0
        while start < chars.count && (chars[start] == " " || chars[start] == "\t") { start += 1 }
        if line[line.index(line.startIndex, offsetBy: start)...].hasPrefix("-e ") { return nil }
        var end = start
        while end < chars.count && (chars[end].isLetter || chars[end].isNumber || "-_.".contains(chars[end])) { end += 1 }
        guard end > start, normalizePackageName(String(chars[start..<end])) == package else { return nil }
        var k = end
        if k < chars.count && chars[k] == "[" { while k < chars.count && chars[k] != "]" { k += 1 }; k += 1 }
        while k < chars.count && (chars[k] == " " || chars[k] == "(") { k += 1 }
        guard k + 1 < chars.count, chars[k] == "=", chars[k + 1] == "=" else { return nil }
        k += 2
        if k < chars.count && chars[k] == "=" { k += 1 }
        while k < chars.count && chars[k] == " " { k += 1 }
        let oldChars = Array(old)
        guard k + oldChars.count <= chars.count, Array(chars[k..<(k + oldChars.count)]) == oldChars else { return nil }
        return String(chars[..<k]) + new + String(chars[(k + oldChars.count)...])
    }
}
