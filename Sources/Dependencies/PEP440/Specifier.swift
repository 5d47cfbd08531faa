// PEP 440 version specifiers (`>=1.0,!=1.3.*,<2`), checked against `packaging.specifiers`.

/// Why a specifier could not be parsed.
public struct SpecifierError: Error, Hashable, Sendable, CustomStringConvertible {
    public var text: String
    public var reason: String
    public var description: String { "invalid version specifier '\(text)': \(reason)" }
}

/// One clause of a specifier set: an operator and a version.
public struct Specifier: Hashable, Sendable, CustomStringConvertible {
    public enum Operator: String, Sendable, CaseIterable {
        case compatible = "~=", arbitrary = "===", equal = "==", notEqual = "!=", lessEqual = "<=", greaterEqual = ">=", less = "<", greater = ">"
    }

    public let op: Operator
    /// The version text as written (for `===` any string; for `==`/`!=` possibly ending in `.*`).
    public let versionText: String
    /// The parsed version (without `.*`); nil only for `===` with a non-PEP 440 string.
    public let version: Version?
    public let wildcard: Bool

    public var description: String { op.rawValue + versionText }

    /// Parses one clause (`>= 1.0`, `==1.2.*`, `===foo`).
    public init(_ text: String) throws {
        let trimmed = text.trimmingSpaces
        guard let op = Operator.allCases.sorted(by: { $0.rawValue.count > $1.rawValue.count }).first(where: { trimmed.hasPrefix($0.rawValue) }) else {
            throw SpecifierError(text: text, reason: "expected an operator (==, !=, <=, >=, <, >, ~=, ===)")
        }
        self.op = op
        let rest = String(trimmed.dropFirst(op.rawValue.count)).trimmingSpaces
        versionText = rest
        // PEP 508's grammar gives every operator, `===` included, a version of one or more
        // characters; packaging (from 26.x) rejects a bare `===` the same way.
        guard !rest.isEmpty else { throw SpecifierError(text: text, reason: "missing version") }
        if op == .arbitrary {
            guard !rest.utf8.contains(where: { Version.isSpace($0) || $0 == 59 || $0 == 41 }) else {
                throw SpecifierError(text: text, reason: "=== takes one word")
            }
            version = Version(rest)
            wildcard = false
            return
        }
        var core = rest
        wildcard = rest.hasSuffix(".*")
        if wildcard {
            guard op == .equal || op == .notEqual else { throw SpecifierError(text: text, reason: "'.*' is only allowed with == and !=") }
            core = String(rest.dropLast(2))
        }
        guard let parsed = Version(core), !core.utf8.contains(where: { Version.isSpace($0) }) else {
            throw SpecifierError(text: text, reason: "'\(rest)' is not a PEP 440 version")
        }
        if wildcard && (parsed.pre != nil || parsed.post != nil || parsed.dev != nil || parsed.local != nil) {
            throw SpecifierError(text: text, reason: "'.*' cannot follow a pre-, post-, dev-release or local version")
        }
        if parsed.local != nil && !(op == .equal || op == .notEqual) {
            throw SpecifierError(text: text, reason: "a local version is only allowed with == and !=")
        }
        if op == .compatible && Specifier.releaseCount(core) < 2 {
            throw SpecifierError(text: text, reason: "~= needs at least two release segments")
        }
        version = parsed
    }

    /// Number of release segments as written (`~=1` is invalid although `1` parses).
    private static func releaseCount(_ text: String) -> Int {
        var s = Substring(text.lowercased())
        if s.hasPrefix("v") { s = s.dropFirst() }
        if let bang = s.firstIndex(of: "!") { s = s[s.index(after: bang)...] }
        var count = 0, inNumber = false
        for c in s {
            if c.isASCII && c.isNumber { if !inNumber { count += 1; inNumber = true } }
            else if c == "." && inNumber { inNumber = false }
            else { break }
        }
        return count
    }

    /// Whether the clause itself asks for pre-releases (packaging's `Specifier.prereleases`).
    public var impliesPrereleases: Bool? {
        switch op {
        case .notEqual: return false
        case .equal where wildcard: return false
        case .arbitrary: return version?.isPrerelease
        default: return version?.isPrerelease ?? false
        }
    }

    /// Whether `candidate` satisfies the clause, ignoring the pre-release policy.
    public func matches(_ candidate: Version) -> Bool {
        switch op {
        case .arbitrary:
            return candidate.description.lowercased() == versionText.lowercased()
        case .equal:
            return equalMatch(candidate)
        case .notEqual:
            return !equalMatch(candidate)
        default: break
        }
        guard let spec = version else { return false }
        switch op {
        case .lessEqual: return candidate.publicVersion <= spec
        case .greaterEqual: return candidate.publicVersion >= spec
        case .less:
            // PEP 440: <V excludes V's own pre-releases unless V is one; V.dev0 is the first of them.
            if spec.isPrerelease { return candidate < spec }
            return candidate < Version(epoch: spec.epoch, release: spec.release, pre: spec.pre, post: spec.post, dev: 0)
        case .greater:
            // PEP 440: >V excludes V's post-releases (unless V is one) and V+local.
            if let dev = spec.dev {
                return candidate >= Version(epoch: spec.epoch, release: spec.release, pre: spec.pre, post: spec.post, dev: dev.successor)
            }
            if let post = spec.post {
                return candidate >= Version(epoch: spec.epoch, release: spec.release, pre: spec.pre, post: post.successor, dev: 0)
            }
            guard candidate > spec else { return false }
            let sameFamily = candidate.epoch == spec.epoch && candidate.trimmedRelease == spec.trimmedRelease
                && candidate.pre?.kind == spec.pre?.kind && candidate.pre?.number == spec.pre?.number
            return !sameFamily
        case .compatible:
            guard candidate.publicVersion >= spec else { return false }
            // Prefix: every release segment but the last, compared as a wildcard.
            let prefix = Array(spec.release.dropLast())
            return Specifier.prefixMatches(candidate, epoch: spec.epoch, prefix: prefix)
        default: return false
        }
    }

    private func equalMatch(_ candidate: Version) -> Bool {
        guard let spec = version else { return false }
        if wildcard {
            return Specifier.prefixMatches(candidate, epoch: spec.epoch, prefix: spec.release)
        }
        if spec.local == nil { return candidate.publicVersion == spec }
        return candidate == spec
    }

    /// `==E!R.*`: same epoch, and the candidate's release, padded with zeros, starts with R.
    /// Pre/post/dev suffixes do not take part (packaging pads the release before the suffix).
    static func prefixMatches(_ candidate: Version, epoch: VersionNumber, prefix: [VersionNumber]) -> Bool {
        guard candidate.epoch == epoch else { return false }
        let release = candidate.release
        for (k, want) in prefix.enumerated() where (k < release.count ? release[k] : 0) != want {
            return false
        }
        return true
    }
}

/// A comma-separated set of specifier clauses: a version satisfies the set if it satisfies every clause.
public struct SpecifierSet: Hashable, Sendable, CustomStringConvertible {
    public let specifiers: [Specifier]

    public init(_ specifiers: [Specifier]) { self.specifiers = specifiers }

    public init(_ text: String) throws {
        specifiers = try text.split(separator: ",").map { $0.trimmingSpaces }.filter { !$0.isEmpty }.map { try Specifier($0) }
    }

    public var isEmpty: Bool { specifiers.isEmpty }
    public var description: String { specifiers.map(\.description).joined(separator: ",") }

    /// packaging's `SpecifierSet.prereleases`: true if any clause asks for pre-releases, else unknown.
    public var impliesPrereleases: Bool {
        specifiers.contains { $0.impliesPrereleases == true }
    }

    /// Whether `version` satisfies every clause. With `prereleases == nil` pre-releases are
    /// admitted only when a clause names one (PEP 440's default exclusion).
    public func contains(_ version: Version, prereleases: Bool? = nil) -> Bool {
        let allowPre = prereleases ?? impliesPrereleases
        if version.isPrerelease && !allowPre { return false }
        return specifiers.allSatisfy { $0.matches(version) }
    }

    /// The exact version this set pins (`==1.2.3` or `===1.2.3`), if it pins one.
    public var pinnedVersion: Version? {
        guard specifiers.count == 1, let only = specifiers.first else { return nil }
        switch only.op {
        case .equal where !only.wildcard: return only.version
        case .arbitrary: return only.version
        default: return nil
        }
    }
}

extension StringProtocol {
    /// Trims ASCII whitespace (Foundation-free, fast).
    var trimmingSpaces: String {
        let text: Substring = (self as? Substring) ?? Substring(String(self))
        let u = text.utf8
        var s = u.startIndex, e = u.endIndex
        while s < e && Version.isSpace(u[s]) { s = u.index(after: s) }
        while e > s {
            let before = u.index(before: e)
            guard Version.isSpace(u[before]) else { break }
            e = before
        }
        return String(text[s..<e])
    }
}
