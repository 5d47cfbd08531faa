import Findings
import Testing
@testable import Reporting

@Suite struct SuppressionsTests {
    let rules = [Fixtures.shellRule, Fixtures.sqlRule, Fixtures.secretRule]

    func shell(line: Int, endLine: Int? = nil, file: String = "app.py") -> Finding {
        Fixtures.finding("TL-B602", file: file, line: line, endLine: endLine)
    }

    func run(_ findings: [Finding], comments: [SourceComment], spans: [ClosedRange<Int>]? = nil, file: String = "app.py") -> SuppressionOutcome {
        Suppressions.apply(findings: findings, commentsByFile: [file: comments],
                           statementSpans: spans.map { [file: $0] } ?? [:], descriptors: rules)
    }

    @Test(arguments: [
        "# nosec", "# nosec B602", "# nosec B602, B603", "# nosec: B602", "#nosec:B602,B101", "# NOSEC b602",
        "# noqa: S602", "# noqa:S602,E501", "# taintline: ignore", "# taintline: ignore[TL-B602]",
        "# taintline: ignore[TL-B602, TL-B608] -- input is a constant", "# taintline:ignore[subprocess-shell-true]",
        "# type: ignore  # nosec B602", "# nosec: md5", "# nosec subprocess_popen_with_shell_equals_true_x",
    ])
    func suppressesOnTheSameLine(comment: String) {
        let outcome = run([shell(line: 3)], comments: [SourceComment(line: 3, text: comment)])
        #expect(outcome.kept.isEmpty)
        #expect(outcome.suppressed.count == 1)
    }

    @Test(arguments: [
        "# nosec B603", "# nosec: B101", "# noqa", "# noqa: E501", "# noqa: S603", "# taintline: ignore[TL-B608]",
        "# nosecurity", "# this is not nosec", "# taintline ignore",
    ])
    func leavesOtherRulesAndLookalikesAlone(comment: String) {
        let outcome = run([shell(line: 3)], comments: [SourceComment(line: 3, text: comment)])
        #expect(outcome.kept.count == 1, "'\(comment)' must not suppress TL-B602")
    }

    @Test func mechanismAndReasonAreRecorded() {
        let inline = run([shell(line: 3)], comments: [SourceComment(line: 3, text: "# taintline: ignore[TL-B602] -- cmd is a constant list")])
        #expect(inline.suppressed.first?.mechanism == "inline")
        #expect(inline.suppressed.first?.reason == "cmd is a constant list")
        let nosec = run([shell(line: 3)], comments: [SourceComment(line: 3, text: "# nosec B602")])
        #expect(nosec.suppressed.first?.mechanism == "nosec")
        #expect(nosec.suppressed.first?.reason == nil)
        let noqa = run([shell(line: 3)], comments: [SourceComment(line: 3, text: "# noqa: S602")])
        #expect(noqa.suppressed.first?.mechanism == "noqa")
    }

    @Test func commentOnAnyLineOfAMultiLineStatement() {
        // subprocess.run(          line 10   (finding here)
        //     cmd,                 line 11
        //     shell=True,          line 12
        // )  # nosec B602          line 13
        let spans = [1...1, 10...13, 14...14]
        for line in 10...13 {
            let outcome = run([shell(line: 10)], comments: [SourceComment(line: line, text: "# nosec B602")], spans: spans)
            #expect(outcome.suppressed.count == 1, "comment on line \(line)")
        }
        // A finding inside the statement (on the shell=True line), comment on the first line.
        let inner = run([shell(line: 12)], comments: [SourceComment(line: 10, text: "# nosec")], spans: spans)
        #expect(inner.suppressed.count == 1)
        // The next statement is not covered.
        let next = run([shell(line: 14)], comments: [SourceComment(line: 13, text: "# nosec")], spans: spans)
        #expect(next.kept.count == 1)
    }

    /// `sql = "..." % x  # nosec` then `cursor.execute(sql)`: the comment where the query was
    /// built (where bandit reports it) applies to the finding at the call.
    @Test func commentWhereTheValueWasBuilt() {
        var finding = Fixtures.finding("TL-B608", file: "app.py", line: 9)
        finding.properties[Finding.builtAtLineProperty] = "5"
        #expect(run([finding], comments: [SourceComment(line: 5, text: "# nosec")]).kept.isEmpty)
        #expect(run([finding], comments: [SourceComment(line: 6, text: "# nosec")], spans: [5...7]).kept.isEmpty)
        #expect(run([finding], comments: [SourceComment(line: 4, text: "# nosec")]).kept.count == 1)
    }

    @Test func innermostStatementWins() {
        // A `def` spanning 1...20 must not let a comment on line 2 cover a finding on line 15.
        let outcome = run([shell(line: 15)], comments: [SourceComment(line: 2, text: "# nosec")], spans: [1...20, 2...2, 15...15])
        #expect(outcome.kept.count == 1)
    }

    @Test func innermostSpanIsFoundPastNestedSiblings() {
        // def f():                 1...20
        //     x = call(            3...8   (finding on line 6, comment on line 3)
        //         lambda: 1,       4...4   (a nested statement-like span that does not hold line 6)
        let spans = [4...4, 1...20, 3...8, 2...2, 10...10]
        let outcome = run([shell(line: 6)], comments: [SourceComment(line: 3, text: "# nosec")], spans: spans)
        #expect(outcome.suppressed.count == 1)
        let outside = run([shell(line: 10)], comments: [SourceComment(line: 3, text: "# nosec")], spans: spans)
        #expect(outside.kept.count == 1)
        // A line in no span at all falls back to the finding's own lines.
        let loose = run([shell(line: 30)], comments: [SourceComment(line: 30, text: "# nosec")], spans: spans)
        #expect(loose.suppressed.count == 1)
    }

    @Test func withoutSpansOnlyTheFindingsOwnLinesCount() {
        let env = ".env"
        let secret = Fixtures.finding("SECRET-AWS", file: env, line: 2)
        let above = Suppressions.apply(findings: [secret], commentsByFile: [env: [SourceComment(line: 1, text: "# nosec")]], descriptors: rules)
        #expect(above.kept.count == 1)
        let same = Suppressions.apply(findings: [secret], commentsByFile: [env: [SourceComment(line: 2, text: "# taintline: ignore[SECRET-AWS]")]], descriptors: rules)
        #expect(same.suppressed.count == 1)
    }

    @Test func unknownIDsInTaintlineDirectivesProduceANotice() {
        let outcome = run([shell(line: 3)], comments: [SourceComment(line: 3, text: "# taintline: ignore[TL-B602, TL-NOPE]"),
                                                       SourceComment(line: 5, text: "# nosec B999"),
                                                       SourceComment(line: 6, text: "# noqa: E501")])
        #expect(outcome.suppressed.count == 1)
        #expect(outcome.notices == ["app.py:3: unknown rule id 'TL-NOPE' in a suppression comment"])
    }

    @Test func otherFilesAreUntouched() {
        let outcome = run([shell(line: 3, file: "other.py")], comments: [SourceComment(line: 3, text: "# nosec")])
        #expect(outcome.kept.count == 1)
    }

    @Test func reportVariantMovesFindingsAndKeepsNotices() {
        var report = ScanReport(toolVersion: "0", roots: ["."], findings: [shell(line: 3), shell(line: 4)], rules: rules)
        report = Suppressions.apply(to: report, commentsByFile: ["app.py": [SourceComment(line: 3, text: "# nosec"), SourceComment(line: 4, text: "# taintline: ignore[X-1]")]])
        #expect(report.findings.map(\.location.startLine) == [4])
        #expect(report.suppressed.map(\.finding.location.startLine) == [3])
        #expect(report.notices.count == 1)
    }

    @Test func hashCommentsSkipQuotedHashes() {
        let text = "A=1 # nosec\nURL=\"http://x/#frag\"\n# taintline: ignore\nB='a # b'  # real\r\nC=x#notcomment\n"
        let comments = Suppressions.hashComments(in: text)
        #expect(comments == [SourceComment(line: 1, text: "# nosec"), SourceComment(line: 3, text: "# taintline: ignore"),
                             SourceComment(line: 4, text: "# real")])
    }

    @Test func directiveParsing() {
        #expect(Suppressions.directives(in: "# nosec B602, B603 -- reviewed") == [.init(kind: .nosec, ids: ["B602", "B603"], reason: nil)])
        #expect(Suppressions.directives(in: "# nosec reviewed by security") == [.init(kind: .nosec, ids: nil, reason: nil)])
        #expect(Suppressions.directives(in: "# taintline: ignore[] -- why") == [.init(kind: .inline, ids: nil, reason: "why")])
        #expect(Suppressions.directives(in: "# noqa: S602  # taintline: ignore[TL-B602]") == [
            .init(kind: .noqa, ids: ["S602"], reason: nil), .init(kind: .inline, ids: ["TL-B602"], reason: nil),
        ])
    }
}
