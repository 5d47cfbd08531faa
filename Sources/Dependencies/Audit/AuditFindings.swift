// Building findings from matches and from manifest hygiene.
import Findings

enum AuditFindings {
    /// Advisories grouped so that aliases of one vulnerability (PYSEC-x, GHSA-y, CVE-z) form one group.
    static func mergeAliases(_ advisories: [Advisory]) -> [[Advisory]] {
        var parent = Array(0..<advisories.count)
        func find(_ x: Int) -> Int { var x = x; while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }; return x }
        var owner: [String: Int] = [:]
        for (k, advisory) in advisories.enumerated() {
            for id in [advisory.id] + advisory.aliases {
                if let other = owner[id] { parent[find(k)] = find(other) } else { owner[id] = k }
            }
        }
        var groups: [Int: [Advisory]] = [:]
        for (k, advisory) in advisories.enumerated() { groups[find(k), default: []].append(advisory) }
        return groups.values.map { $0.sorted { $0.id < $1.id } }.sorted { $0[0].id < $1[0].id }
    }

    /// All ids of a group: advisory ids first, then aliases not already listed.
    static func ids(of group: [Advisory]) -> [String] {
        var seen = Set<String>()
        var out: [String] = []
        for id in group.map(\.id) + group.flatMap(\.aliases) where seen.insert(id).inserted { out.append(id) }
        return out
    }

    static func where_(_ dependency: Dependency) -> String {
        switch dependency.kind {
        case .installed: return "installed"
        case let kind where kind.isLock: return "locked in \(dependency.file)"
        default: return "pinned in \(dependency.file)"
        }
    }

    static func location(_ dependency: Dependency) -> Location {
        Location(file: dependency.file, startLine: dependency.line)
    }

    static func vulnerable(dependency: Dependency, version: Version, hits: [Advisory], advisories: PackageAdvisories) -> Finding {
        let groups = mergeAliases(hits)
        let rated = hits.map { ($0, $0.rating) }
        let worst = rated.max { $0.1.severity < $1.1.severity || ($0.1.severity == $1.1.severity && ($0.1.score ?? 0) < ($1.1.score ?? 0)) }
        let severity = worst?.1.severity ?? .medium
        let cwe = (worst.map { [$0.0] } ?? []).flatMap(\.cweIDs).first ?? hits.flatMap(\.cweIDs).first ?? 1395
        let fix = advisories.smallestSafeVersion(above: version)
        let versionText = dependency.exactVersionText ?? version.description
        let lines = groups.map { group -> String in
            "\(ids(of: group).joined(separator: " / ")): \(group[0].oneLineSummary)"
        }
        let count = groups.count
        var description = "\(dependency.name) \(versionText) (\(where_(dependency))) is affected by \(count) known vulnerabilit\(count == 1 ? "y" : "ies"):\n"
        description += lines.map { "- \($0)" }.joined(separator: "\n")
        let allIDs = groups.map(ids(of:)).flatMap { $0 }
        var remediation: String
        var fixSnippet: String?
        if let fix {
            remediation = "Upgrade \(dependency.name) to \(fix) or later: \(fix) is the smallest version that fixes all \(count == 1 ? "of it" : "\(count) of them") and is not itself affected by a known advisory."
            switch dependency.kind {
            case .requirements, .constraints: fixSnippet = "\(dependency.name)==\(fix)"
            case .pyproject, .pipfile: fixSnippet = "\(dependency.name)>=\(fix)"
            case .poetryLock: remediation += " Run `poetry update \(dependency.name)`."
            case .uvLock: remediation += " Run `uv lock --upgrade-package \(dependency.name)`."
            case .pdmLock: remediation += " Run `pdm update \(dependency.name)`."
            case .pipfileLock: remediation += " Run `pipenv update \(dependency.name)`."
            case .installed: remediation += " Run `pip install '\(dependency.name)>=\(fix)'` in that environment."
            default: break
            }
        } else if let last = advisories.highestLastAffected(in: hits) {
            remediation = "No fixed version is published for every advisory; versions after \(last) are not known to be affected. Upgrade beyond \(last), or replace or remove \(dependency.name)."
        } else {
            remediation = "No fixed version is published; replace or remove \(dependency.name), or mitigate each advisory as it describes."
        }
        var properties: [String: String] = [
            "package": dependency.normalizedName,
            "version": versionText,
            "advisories": hits.map(\.id).sorted().joined(separator: ","),
            "aliases": allIDs.joined(separator: ","),
            "manifest": dependency.kind.rawValue,
            "severitySource": worst?.1.source ?? "default",
        ]
        if let fix { properties["fixedVersion"] = fix.description }
        if let score = worst?.1.score { properties["cvss"] = String(score) }
        return Finding(ruleID: DependencyRules.vulnerable.id,
                       title: "\(dependency.name) \(versionText) has \(count) known vulnerabilit\(count == 1 ? "y" : "ies") (\(groups.map { $0[0].id }.prefix(3).joined(separator: ", "))\(count > 3 ? ", ..." : ""))",
                       severity: severity, confidence: .high, owasp: .a06, cwe: CWE(cwe), location: location(dependency),
                       description: description, remediation: remediation, fixSnippet: fixSnippet,
                       references: groups.map { "https://osv.dev/vulnerability/\($0[0].id)" }, analysis: .dependencies,
                       snippet: dependency.text, properties: properties)
    }

    static func vulnerableRange(dependency: Dependency, admitted: [Version], advisories: PackageAdvisories) -> Finding {
        let hits = Array(Set(admitted.flatMap { advisories.affecting($0) })).sorted { $0.id < $1.id }
        let groups = mergeAliases(hits)
        let worst = hits.map(\.rating.severity).max() ?? .medium
        let severity = min(worst, .medium)
        let cwe = hits.flatMap(\.cweIDs).first ?? 1395
        let constraint = dependency.alternatives.map(\.description).joined(separator: " || ")
        let shown = admitted.prefix(12).map(\.description).joined(separator: ", ") + (admitted.count > 12 ? ", ... (\(admitted.count) in all)" : "")
        let safe = admitted.last.flatMap { advisories.smallestSafeVersion(above: $0) }
        var description = "\(dependency.name)\(constraint.isEmpty ? "" : " \(constraint)") in \(dependency.file) admits versions with known vulnerabilities, and no lock file or pin in the project fixes the version: \(shown).\n"
        description += groups.map { "- \(ids(of: $0).joined(separator: " / ")): \($0[0].oneLineSummary)" }.joined(separator: "\n")
        let remediation = safe.map { "Raise the lower bound to exclude every affected version: \(dependency.name)>=\($0), and lock the dependencies." }
            ?? "No version above the admitted affected ones is known to be safe; exclude the affected versions and lock the dependencies."
        var properties: [String: String] = [
            "package": dependency.normalizedName,
            "specifier": constraint,
            "admittedVulnerableVersions": admitted.map(\.description).joined(separator: ","),
            "advisories": hits.map(\.id).joined(separator: ","),
            "aliases": groups.map(ids(of:)).flatMap { $0 }.joined(separator: ","),
            "manifest": dependency.kind.rawValue,
        ]
        if let safe { properties["fixedVersion"] = safe.description }
        return Finding(ruleID: DependencyRules.vulnerableRange.id,
                       title: "\(dependency.name)\(constraint.isEmpty ? "" : " \(constraint)") allows \(admitted.count) vulnerable version\(admitted.count == 1 ? "" : "s")",
                       severity: severity, confidence: .medium, owasp: .a06, cwe: CWE(cwe), location: location(dependency),
                       description: description, remediation: remediation, fixSnippet: safe.map { "\(dependency.name)>=\($0)" },
                       references: groups.map { "https://osv.dev/vulnerability/\($0[0].id)" }, analysis: .dependencies,
                       snippet: dependency.text, properties: properties)
    }

    /// Unpinned requirements, missing hashes, missing lock file.
    static func hygiene(readings: [ManifestReading], dependencies: [Dependency], pinnedNames: Set<String>) -> [Finding] {
        var findings: [Finding] = []
        let hasLock = readings.contains { $0.kind.isLock && $0.kind != .installed }
        let requirementDeps = dependencies.filter { $0.kind == .requirements }
        // Unpinned requirements.
        for dependency in requirementDeps {
            let isRemote = dependency.url.map { $0.contains("://") || $0.hasPrefix("git+") } ?? false
            if dependency.url != nil && !isRemote { continue }
            if dependency.exactVersion != nil && dependency.url == nil { continue }
            if dependency.url == nil && pinnedNames.contains(dependency.normalizedName) { continue }  // a constraint or lock pins it
            let what: String
            if let url = dependency.url {
                what = "\(dependency.name) is installed from a direct reference (\(redactURL(url))): no version to audit, and the code behind it can change"
            } else if dependency.isUnconstrained {
                what = "\(dependency.name) has no version constraint: any release, including a future compromised one, is installed"
            } else {
                what = "\(dependency.name) \(dependency.alternatives.map(\.description).joined(separator: " || ")) is a range, not a pin: the installed version changes from one install to the next"
            }
            findings.append(Finding(ruleID: DependencyRules.unpinned.id, title: "Unpinned dependency: \(dependency.name)",
                                    severity: DependencyRules.unpinned.severity, confidence: .high, owasp: .a06, cwe: DependencyRules.unpinned.cwe,
                                    location: location(dependency), description: what + ".",
                                    remediation: dependency.url == nil
                                        ? "Pin it (`\(dependency.name)==<tested version>`), or add a constraints/lock file that does (pip-compile, uv pip compile)."
                                        : "Pin the reference to an immutable commit or a released version on PyPI.",
                                    references: DependencyRules.unpinned.references, analysis: .dependencies, snippet: dependency.text,
                                    properties: ["package": dependency.normalizedName]))
        }
        // Hashes, per requirements file.
        let byFile = Dictionary(grouping: requirementDeps.filter { $0.url == nil }, by: \.file)
        for file in byFile.keys.sorted() {
            guard let deps = byFile[file] else { continue }
            let hashed = deps.filter { !$0.hashes.isEmpty }
            if hashed.isEmpty {
                guard deps.contains(where: { $0.exactVersion != nil }), let first = deps.min(by: { $0.line < $1.line }) else { continue }
                findings.append(Finding(ruleID: DependencyRules.missingHashes.id, title: "Requirements installed without hash checking",
                                        severity: .info, confidence: .high, owasp: .a08, cwe: DependencyRules.missingHashes.cwe,
                                        location: location(first),
                                        description: "None of the \(deps.count) requirements in \(file) carries a --hash, so pip installs whatever file the index serves for each version.",
                                        remediation: "Generate hashes (`pip-compile --generate-hashes`, `uv pip compile --generate-hashes`) and install with `--require-hashes`.",
                                        references: DependencyRules.missingHashes.references, analysis: .dependencies,
                                        snippet: "hashes:\(file)", properties: ["requirements": String(deps.count)]))
            } else {
                for dependency in deps where dependency.hashes.isEmpty {
                    findings.append(Finding(ruleID: DependencyRules.missingHashes.id, title: "Requirement without a hash: \(dependency.name)",
                                            severity: .low, confidence: .high, owasp: .a08, cwe: DependencyRules.missingHashes.cwe,
                                            location: location(dependency),
                                            description: "\(dependency.name) has no --hash although other requirements in \(file) do: pip's hash-checking mode rejects the file, and this package is not verified.",
                                            remediation: "Add its hashes (`pip hash`, or regenerate the file with `--generate-hashes`).",
                                            references: DependencyRules.missingHashes.references, analysis: .dependencies,
                                            snippet: dependency.text, properties: ["package": dependency.normalizedName]))
                }
            }
        }
        // No lock file.
        let fullyPinnedRequirements = !requirementDeps.isEmpty && requirementDeps.allSatisfy { $0.exactVersion != nil || pinnedNames.contains($0.normalizedName) }
        if !hasLock && !fullyPinnedRequirements {
            for reading in readings where [.pyproject, .setupCfg, .pipfile].contains(reading.kind) && !reading.dependencies.isEmpty {
                let first = reading.dependencies.min { $0.line < $1.line }
                findings.append(Finding(ruleID: DependencyRules.noLockFile.id, title: "No lock file for the dependencies of \(reading.file)",
                                        severity: .info, confidence: .medium, owasp: .a06, cwe: DependencyRules.noLockFile.cwe,
                                        location: Location(file: reading.file, startLine: first?.line ?? 1),
                                        description: "\(reading.file) declares \(reading.dependencies.count) dependencies, but the project has no lock file (poetry.lock, uv.lock, pdm.lock, Pipfile.lock, pylock.toml) and no fully pinned requirements file: installed versions are resolved afresh each time.",
                                        remediation: "Commit a lock file (`uv lock`, `poetry lock`, `pdm lock`, `pipenv lock`, or `pip-compile` to a pinned requirements.txt). Libraries can pass --library.",
                                        references: DependencyRules.noLockFile.references, analysis: .dependencies,
                                        snippet: "nolock:\(reading.file)", properties: [:]))
            }
        }
        return findings
    }

    /// Hides credentials in URLs (`https://user:token@host` → `https://***@host`).
    static func redactURL(_ url: String) -> String {
        guard let scheme = url.range(of: "://"), let at = url[scheme.upperBound...].firstIndex(of: "@"),
              !url[scheme.upperBound..<at].contains("/") else { return url }
        return String(url[..<scheme.upperBound]) + "***" + String(url[at...])
    }
}
