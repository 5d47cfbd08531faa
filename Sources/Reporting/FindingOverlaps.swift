import Findings

/// Two rules that report one defect when both fire at one place: bandit's generic check and the
/// framework-aware rule written for the same weakness, or a code rule and the secret scan on the
/// same credential. The user sees one finding, the specific one, which lists the others it
/// covers (`Finding.covers`). A row of data, not code: `FindingOverlaps.table` holds them all.
public struct RuleOverlap: Hashable, Sendable, CustomStringConvertible {
    /// Which findings a side of the relation names.
    public enum Rules: Hashable, Sendable, CustomStringConvertible {
        /// One rule, by id.
        case id(String)
        /// Every finding of an analysis (`secrets`: all the secret detectors).
        case analysis(Analysis)
        /// Findings of an analysis whose CWE is one of these (code rules about credentials).
        case weakness(Analysis, cwes: Set<Int>)

        public func matches(_ finding: Finding) -> Bool {
            switch self {
            case let .id(id): return finding.ruleID == id
            case let .analysis(analysis): return finding.analysis == analysis
            case let .weakness(analysis, cwes): return finding.analysis == analysis && cwes.contains(finding.cwe.number)
            }
        }

        public var description: String {
            switch self {
            case let .id(id): return id
            case let .analysis(analysis): return "every \(analysis) finding"
            case let .weakness(analysis, cwes): return "\(analysis) findings with " + cwes.sorted().map { "CWE-\($0)" }.joined(separator: "/")
            }
        }
    }

    /// How close the two findings must be to be about one defect.
    public enum Place: Hashable, Sendable, CustomStringConvertible {
        /// The covered finding starts on one of the specific finding's lines (a secret detector
        /// flags the literal, the code rule the statement that holds it).
        case sameLine
        /// The flagged ranges intersect, or one holds the other (both flag the same call or literal).
        case overlappingRange

        func holds(specific: Location, covered: Location) -> Bool {
            guard specific.file == covered.file, !specific.isURL else { return false }
            switch self {
            case .sameLine:
                return covered.startLine >= specific.startLine && covered.startLine <= max(specific.startLine, specific.endLine)
            case .overlappingRange:
                func bounds(_ l: Location) -> (from: (Int, Int), to: (Int, Int)) {
                    let to = (max(l.startLine, l.endLine), l.endLine > l.startLine ? l.endColumn : max(l.endColumn, l.startColumn + 1))
                    return ((l.startLine, l.startColumn), to)
                }
                let a = bounds(specific), b = bounds(covered)
                return a.from < b.to && b.from < a.to
            }
        }

        public var description: String {
            switch self {
            case .sameLine: return "on the same line"
            case .overlappingRange: return "on the same code"
            }
        }
    }

    /// The finding that stays.
    public var specific: Rules
    /// The finding merged into it.
    public var covered: Rules
    public var place: Place
    /// Why the two are one defect, for the documentation and the tests.
    public var why: String

    public init(specific: Rules, covers covered: Rules, place: Place, why: String) {
        self.specific = specific
        self.covered = covered
        self.place = place
        self.why = why
    }

    public func relates(specific s: Finding, covered c: Finding) -> Bool {
        specific.matches(s) && covered.matches(c) && !(specific.matches(c) && covered.matches(s)) && place.holds(specific: s.location, covered: c.location)
    }

    public var description: String { "\(specific) covers \(covered) \(place)" }
}

/// One finding per problem: merges findings of overlapping rules (`table`) into the most specific
/// one. A pure function of the findings; the pipeline runs it where the analyses' findings are
/// combined, before suppression comments, selection and baselines, which then read a finding's
/// own rule and the rules it covers (`Finding.ruleIDs`).
public enum FindingOverlaps {
    /// Code rules whose finding is about a hard-coded credential (hard-coded password, key, secret).
    public static let credentialCWEs: Set<Int> = [259, 321, 798]

    /// Every overlap, most specific rule on the left.
    public static let table: [RuleOverlap] = [
        RuleOverlap(specific: .id("TL-WEB-HARDCODED-SECRET-KEY"), covers: .id("TL-B105"), place: .overlappingRange,
                    why: "a framework signing key assigned a literal is also a hard-coded password string to bandit"),
        RuleOverlap(specific: .id("TL-WEB-WEAK-PASSWORD-HASH"), covers: .id("TL-B324"), place: .overlappingRange,
                    why: "MD5 or SHA-1 of a password is a broken hash to bandit and a fast password hash (CWE-916) to the password rule"),
        RuleOverlap(specific: .id("TL-WEB-SSRF"), covers: .id("TL-B310"), place: .overlappingRange,
                    why: "urlopen of a URL from the request is the server-side request forgery (file:// included) that bandit's scheme audit asks about"),
        RuleOverlap(specific: .id("TL-WEB-COMMAND-INJECTION"), covers: .id("TL-B603"), place: .overlappingRange,
                    why: "bandit's B603 asks to check a subprocess call for untrusted input; the command-injection rule found it"),
        RuleOverlap(specific: .id("TL-WEB-REFLECTED-XSS"), covers: .id("TL-B704"), place: .overlappingRange,
                    why: "request data marked safe with Markup is the reflected XSS the markup rule warns of"),
        RuleOverlap(specific: .weakness(.code, cwes: credentialCWEs), covers: .analysis(.secrets), place: .sameLine,
                    why: "a credential a code rule reports (it knows the setting or the argument) is the one the secret scan finds by its shape"),
        RuleOverlap(specific: .weakness(.deploy, cwes: credentialCWEs), covers: .analysis(.secrets), place: .sameLine,
                    why: "a credential in a Dockerfile ENV/ARG, a Compose environment or a Kubernetes env value is the one the secret scan finds by its shape"),
    ]

    /// `findings` with every finding another one covers moved into that one's `covers`, in the
    /// order given (a covered finding is no longer listed on its own). A finding covered by several
    /// goes to the first; chains (A covers B, B covers C) end in A, which covers both.
    public static func merge(_ findings: [Finding], table: [RuleOverlap] = table) -> [Finding] {
        guard findings.count > 1 else { return findings }
        var byFile: [String: [Int]] = [:]
        for (index, finding) in findings.enumerated() where !finding.location.isURL { byFile[finding.location.file, default: []].append(index) }
        // absorber[i]: the finding that covers finding i.
        var absorber: [Int: Int] = [:]
        for indices in byFile.values where indices.count > 1 {
            // Only findings some row names can take part, and a pair must share a line (both
            // places need it): each finding that may cover is filed under the lines it spans, so
            // a file of thousands of findings costs a look-up per finding, not a pass over them.
            let specifics = indices.filter { index in table.contains { $0.specific.matches(findings[index]) } }
            guard !specifics.isEmpty else { continue }
            let widest = 256
            var byLine: [Int: [Int]] = [:]
            var wide: [Int] = []
            for index in specifics {
                let location = findings[index].location
                let last = max(location.startLine, location.endLine)
                if last - location.startLine > widest { wide.append(index); continue }
                for line in location.startLine...last { byLine[line, default: []].append(index) }
            }
            for covered in indices where table.contains(where: { $0.covered.matches(findings[covered]) }) {
                let location = findings[covered].location
                let last = max(location.startLine, location.endLine)
                var candidates: [Int]
                if last - location.startLine > widest {
                    candidates = specifics
                } else {
                    candidates = wide
                    for line in location.startLine...last { candidates += byLine[line] ?? [] }
                    candidates = Array(Set(candidates)).sorted()
                }
                // In the order given, as before: the first that covers it takes it.
                for specific in candidates where specific != covered {
                    if table.contains(where: { $0.relates(specific: findings[specific], covered: findings[covered]) }) {
                        absorber[covered] = specific
                        break
                    }
                }
            }
        }
        guard !absorber.isEmpty else { return findings }
        func root(_ index: Int) -> Int {
            var current = index
            var seen: Set<Int> = [index]
            while let next = absorber[current], seen.insert(next).inserted { current = next }
            return current
        }
        var absorbed: [Int: [Finding]] = [:]
        for covered in absorber.keys.sorted() {
            let top = root(covered)
            guard top != covered else { continue }  // a cycle in the table: keep it on its own
            absorbed[top, default: []].append(findings[covered])
        }
        var result: [Finding] = []
        for (index, finding) in findings.enumerated() {
            if let top = absorber[index], root(index) != index, top != index { continue }
            var copy = finding
            if let more = absorbed[index] {
                copy.covers = (finding.covers + more.flatMap { [$0.withoutCovers] + $0.covers }).sorted(by: Finding.reportOrder)
            }
            result.append(copy)
        }
        return result
    }
}

extension Finding {
    /// The finding alone, without what it covers.
    var withoutCovers: Finding {
        var copy = self
        copy.covers = []
        return copy
    }

    /// The rules this finding stands for, as the user may name them: each id with its name and
    /// aliases (`TL-B105`, `hardcoded-password-string`, `B105`, `S105`).
    func ruleSpellings(_ names: (String) -> Set<String>) -> Set<String> {
        ruleIDs.reduce(into: Set<String>()) { $0.formUnion(names($1)) }
    }
}
