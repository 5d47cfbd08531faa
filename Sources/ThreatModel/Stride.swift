import Findings

/// The STRIDE pass: for each entry point (and each flow out of the app), the six categories
/// with a status and the facts behind it. A category is *open* when a finding or a missing
/// control shows the threat, *mitigated* when a control the code shows addresses it, *not
/// applicable* when the threat cannot arise, and *unknown* when the code does not decide it.
/// Every open item lists the findings behind it.
enum Stride {
    /// The weaknesses (CWE numbers) each category's findings are.
    static let cwes: [StrideCategory: Set<Int>] = [
        .spoofing: [287, 290, 294, 306, 307, 345, 347, 384, 565, 601, 798, 259, 321, 940, 1390, 1391, 614, 1004, 1275, 620, 640],
        .tampering: [20, 22, 23, 73, 77, 78, 79, 80, 88, 89, 90, 91, 94, 95, 113, 352, 434, 470, 502, 611, 643, 776, 915, 917, 943, 1336],
        .repudiation: [117, 223, 778],
        .informationDisclosure: [918, 200, 201, 208, 209, 215, 311, 312, 319, 326, 327, 328, 359, 489, 497, 524, 532, 538, 548, 598, 614,
                                 916, 1004, 295, 760, 759],
        .denialOfService: [400, 409, 674, 730, 770, 776, 834, 1333],
        .elevationOfPrivilege: [918, 78, 94, 95, 250, 269, 276, 285, 502, 639, 732, 862, 863, 915, 1336],
    ]

    /// What STRIDE needs to know about an entry point besides its description.
    struct Facts {
        var looksAdministrative: Bool
        var looksLikeWebhook: Bool
        var logs: [Evidence]
    }

    static func evaluate(_ entry: EntryPoint, facts: Facts) -> [StrideEntry] {
        StrideCategory.allCases.map { category in
            let found = entry.findings.filter { cwes[category]?.contains(cweNumber($0.cwe)) == true }
            var result: StrideEntry
            switch entry.kind {
            case .http, .websocket: result = web(category, entry, facts)
            case .command, .task: result = offline(category, entry)
            }
            if !found.isEmpty {
                // The findings are the evidence; what the code shows besides stays only when it is a threat too.
                let shown = found.prefix(8).map(findingEvidence)
                result.evidence = result.status == .open ? shown + result.evidence : shown
                result.status = .open
                result.findings = found.map(\.id)
            }
            return result
        }
    }

    static func cweNumber(_ text: String) -> Int { Int(text.dropFirst(4)) ?? 0 }

    static func findingEvidence(_ finding: FindingReference) -> Evidence {
        Evidence("\(finding.ruleID) (\(finding.cwe)) \(finding.title)", at: finding.location)
    }

    /// STRIDE of the application as a whole, from the findings that belong to no entry point
    /// (a hard-coded signing key lets anyone forge a session; debug mode shows the code).
    static func application(_ findings: [FindingReference]) -> [StrideEntry] {
        StrideCategory.allCases.map { category in
            let found = findings.filter { cwes[category]?.contains(cweNumber($0.cwe)) == true }
            guard !found.isEmpty else {
                return entry(category, .unknown, [Evidence("no application-wide finding of this kind")])
            }
            return StrideEntry(category: category, status: .open, evidence: found.prefix(8).map(findingEvidence), findings: found.map(\.id))
        }
    }

    static func entry(_ category: StrideCategory, _ status: StrideEntry.Status, _ evidence: [Evidence]) -> StrideEntry {
        StrideEntry(category: category, status: status, evidence: evidence, findings: [])
    }

    // MARK: HTTP and WebSocket entry points

    static func web(_ category: StrideCategory, _ entry: EntryPoint, _ facts: Facts) -> StrideEntry {
        let auth = entry.authentication
        let changes = !entry.stateChanges.isEmpty
        // A write the code reaches (not only an unsafe method), or a login.
        let writes = entry.reaches.contains { $0.writes } || auth.isLogin
        let authenticated = auth.status == .required
        switch category {
        case .spoofing:
            if auth.isLogin {
                if entry.rateLimit.status == .applied {
                    return self.entry(category, .mitigated, [Evidence("users log in here; attempts are rate-limited")] + entry.rateLimit.evidence)
                }
                return self.entry(category, .open, [Evidence("users log in here and nothing limits the attempts: passwords can be guessed (CWE-307)")])
            }
            if facts.looksLikeWebhook && !authenticated {
                return self.entry(category, .open, [Evidence("looks like a webhook, and no signature or credential is checked: anyone can send what the third party would")])
            }
            if authenticated { return self.entry(category, .mitigated, auth.mechanisms + auth.authorization) }
            if changes && !writes {
                return self.entry(category, .unknown, [Evidence("answers \(entry.methods.filter { !["GET", "HEAD", "OPTIONS"].contains($0) }.joined(separator: ", ")) without authentication, but no write to a store was found")])
            }
            if changes {
                let why = auth.status == .partial ? "checks identity on some paths only" : "requires no authentication"
                return self.entry(category, .open, [Evidence("changes state and \(why)")] + entry.stateChanges + auth.mechanisms + auth.explicitlyPublic)
            }
            if auth.status == .partial { return self.entry(category, .unknown, [Evidence("checks identity on some paths only")] + auth.mechanisms) }
            return self.entry(category, .notApplicable, [Evidence("open to anyone and changes no state: there is no identity to fake")] + auth.explicitlyPublic)
        case .tampering:
            let csrfNeeded = changes || entry.methods.contains { !["GET", "HEAD", "OPTIONS"].contains($0) }
            if csrfNeeded && (entry.csrf.status == .missing || entry.csrf.status == .exempt) {
                return self.entry(category, .open, [Evidence("changes state without CSRF protection: another site can make a logged-in browser send this request")]
                                  + entry.csrf.evidence + entry.stateChanges)
            }
            if entry.inputs.isEmpty && !changes { return self.entry(category, .notApplicable, [Evidence("reads no request input and changes no state")]) }
            var evidence = [Evidence("no injection or tampering finding on its \(entry.inputs.count) input(s), in the handler or the code it calls")]
            if csrfNeeded { evidence += entry.csrf.evidence }
            return self.entry(category, csrfNeeded && entry.csrf.status == .unknown ? .unknown : .mitigated, evidence)
        case .repudiation:
            guard writes || facts.looksAdministrative else {
                return self.entry(category, .notApplicable, [Evidence("writes nothing: nothing to deny having done")])
            }
            if !facts.logs.isEmpty { return self.entry(category, .mitigated, Array(facts.logs.prefix(3))) }
            let what = auth.isLogin ? "logs users in" : writes ? "changes state" : "looks administrative"
            return self.entry(category, .open, [Evidence("\(what) and writes no log (no `logging`/`logger` call in the handler or the code it calls)")])
        case .informationDisclosure:
            let reads = entry.reaches.filter { [.database, .file, .cache].contains($0.kind) && !$0.writes }
            if authenticated { return self.entry(category, .mitigated, [Evidence("responses go to authenticated users only")] + auth.mechanisms.prefix(1)) }
            if !reads.isEmpty {
                return self.entry(category, .unknown, [Evidence("anyone can call it and it reads \(describe(reads)): check that what it returns is public")])
            }
            return self.entry(category, .notApplicable, [Evidence("reads no data store")])
        case .denialOfService:
            if entry.rateLimit.status == .applied { return self.entry(category, .mitigated, entry.rateLimit.evidence) }
            let costly = entry.reaches.filter { [.shell, .http, .email].contains($0.kind) }
            if auth.isLogin {
                return self.entry(category, .open, [Evidence("a login without a rate limit: each attempt costs a password hash")] + entry.rateLimit.evidence)
            }
            if !costly.isEmpty && !authenticated {
                return self.entry(category, .open, [Evidence("anyone can make it \(describe(costly)) as often as they like")] + entry.rateLimit.evidence)
            }
            if entry.inputs.contains(where: { $0.kind == .file }) && !authenticated {
                return self.entry(category, .open, [Evidence("accepts uploads from anyone without a rate limit")] + entry.rateLimit.evidence)
            }
            return self.entry(category, .unknown, entry.rateLimit.evidence)
        case .elevationOfPrivilege:
            if facts.looksAdministrative && auth.authorization.isEmpty {
                return self.entry(category, .open, [Evidence("looks administrative (path or name) and checks no role or permission")] + auth.mechanisms)
            }
            if !auth.authorization.isEmpty { return self.entry(category, .mitigated, auth.authorization) }
            if authenticated, !entry.pathParameters.isEmpty, entry.reaches.contains(where: { $0.kind == .database }) {
                return self.entry(category, .unknown, [Evidence("takes `\(entry.pathParameters.joined(separator: "`, `"))` from the URL and reads the database, and no check ties the object to the caller (IDOR?)")])
            }
            return self.entry(category, .notApplicable, [Evidence("no role or object boundary recognised")])
        }
    }

    static func describe(_ reaches: [Reach]) -> String {
        let kinds = Array(Set(reaches.map(\.kind))).sorted()
        return kinds.map { kind -> String in
            switch kind {
            case .database: return "the database"
            case .file: return "files"
            case .cache: return "the cache"
            case .shell: return "run commands"
            case .http: return "call other services"
            case .email: return "send e-mail"
            default: return kind.rawValue
            }
        }.joined(separator: ", ")
    }

    // MARK: Commands and tasks

    static func offline(_ category: StrideCategory, _ entry: EntryPoint) -> StrideEntry {
        switch category {
        case .spoofing:
            if entry.kind == .task {
                return self.entry(category, .unknown, [Evidence("whoever can write to the task broker can queue this task: check the broker requires credentials")])
            }
            return self.entry(category, .notApplicable, [Evidence("run by an operator with shell access")])
        case .tampering:
            if entry.inputs.isEmpty { return self.entry(category, .notApplicable, [Evidence("takes no input")]) }
            return self.entry(category, .mitigated, [Evidence("no injection or tampering finding on its \(entry.inputs.count) input(s)")])
        case .repudiation:
            return self.entry(category, .notApplicable, [Evidence("not started by an end user")])
        case .informationDisclosure, .denialOfService, .elevationOfPrivilege:
            return self.entry(category, .notApplicable, [Evidence("not reachable from the network")])
        }
    }

    // MARK: Flows out of the app

    /// STRIDE of a flow to a data store or an external service, from the findings of the
    /// entry points that take it.
    static func crossing(to node: DataFlowDiagram.Node, findings: [FindingReference]) -> [StrideEntry] {
        func linked(_ numbers: Set<Int>) -> [FindingReference] { findings.filter { numbers.contains(cweNumber($0.cwe)) } }
        func open(_ category: StrideCategory, _ numbers: Set<Int>, _ text: String) -> StrideEntry? {
            let found = linked(numbers)
            guard !found.isEmpty else { return nil }
            return StrideEntry(category: category, status: .open, evidence: [Evidence(text)] + found.prefix(6).map(findingEvidence),
                               findings: found.map(\.id))
        }
        let cleartext = node.details.contains { $0.hasPrefix("http://") }
        var out: [StrideEntry] = []
        for category in StrideCategory.allCases {
            switch (node.kind, category) {
            case (.external, .spoofing), (.external, .informationDisclosure):
                if let item = open(category, [295], "the app does not check the server's certificate") { out.append(item); continue }
                if cleartext { out.append(entry(category, .open, [Evidence("some requests use cleartext `http://`: anyone on the path can read them or pose as the service")])); continue }
                if node.details.contains(where: { $0.hasPrefix("https://") }) {
                    out.append(entry(category, .mitigated, [Evidence("requests use `https://` with certificate checks on")]))
                } else {
                    out.append(entry(category, .unknown, [Evidence("the host or scheme is decided at run time")]))
                }
            case (.external, .tampering):
                if let item = open(category, [918], "request data chooses where the app sends requests (SSRF)") { out.append(item); continue }
                out.append(entry(category, cleartext ? .open : .unknown, [Evidence(cleartext ? "cleartext `http://` can be changed in transit" : "no finding; what the service returns is trusted as it is")]))
            case (.external, .denialOfService):
                if let item = open(category, [400, 1088], "requests without a timeout: a slow service ties up the app's workers") { out.append(item); continue }
                out.append(entry(category, .unknown, [Evidence("no finding about timeouts")]))
            case (.external, .elevationOfPrivilege):
                if let item = open(category, [918], "request data chooses where the app sends requests (SSRF)") { out.append(item); continue }
                out.append(entry(category, .notApplicable, [Evidence("the app calls out; the service gains nothing from the app")]))
            case (.store, .tampering):
                if let item = open(category, [89, 943, 22, 23, 73, 915], "request data reaches queries or paths") { out.append(item); continue }
                out.append(entry(category, .mitigated, [Evidence("no injection finding on the way to it")]))
            case (.store, .informationDisclosure):
                if let item = open(category, [798, 259, 521], "credentials in the code") { out.append(item); continue }
                out.append(entry(category, .unknown, [Evidence("encryption at rest and in transit is configuration Taintline does not read")]))
            case (.store, .spoofing):
                out.append(entry(category, .unknown, [Evidence("who the app connects as is configuration")]))
            case (_, .repudiation), (.store, .elevationOfPrivilege), (.store, .denialOfService):
                out.append(entry(category, .notApplicable, [Evidence("no user action crosses here directly")]))
            default:
                out.append(entry(category, .unknown, []))
            }
        }
        return out
    }
}
