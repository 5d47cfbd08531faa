import Testing
import Workspace
@testable import TaintlineKit

/// `fix` and `unsafe-fixes` from the configuration, laid under `scan`'s flags: a flag given
/// either way (`--fix` / `--no-fix`) wins; without one the configuration decides; without both, off.
@Suite struct FixSettingsTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var configured: (fix: Bool?, unsafe: Bool?)
        var flags: (fix: Bool?, unsafe: Bool?)
        var expected: (fix: Bool, unsafe: Bool)
        var testDescription: String { "config \(configured), flags \(flags) → \(expected)" }
    }

    static let cases: [Case] = [
        Case(configured: (nil, nil), flags: (nil, nil), expected: (false, false)),
        Case(configured: (true, true), flags: (nil, nil), expected: (true, true)),
        Case(configured: (true, true), flags: (false, false), expected: (false, false)),
        Case(configured: (false, false), flags: (true, true), expected: (true, true)),
        Case(configured: (true, nil), flags: (nil, true), expected: (true, true)),
        Case(configured: (nil, true), flags: (true, false), expected: (true, false)),
    ]

    @Test(arguments: cases)
    func theFlagBeatsTheConfiguration(_ example: Case) throws {
        var configuration = Configuration()
        configuration.fix = example.configured.fix
        configuration.unsafeFixes = example.configured.unsafe
        var request = ReportRequest()
        request.fix = example.flags.fix
        request.unsafeFixes = example.flags.unsafe
        let settings = try ReportSettings.resolve(request, configuration: configuration, roots: ["."])
        #expect(settings.fix == example.expected.fix)
        #expect(settings.unsafeFixes == example.expected.unsafe)
    }
}
