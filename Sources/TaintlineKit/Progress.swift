import Foundation

/// Where a scan is: the phase, and for the file phase how many files are done out of how many.
public struct ScanProgress: Hashable, Sendable {
    public var phase: String
    public var done: Int
    public var total: Int

    public init(phase: String, done: Int = 0, total: Int = 0) {
        self.phase = phase
        self.done = done
        self.total = total
    }
}

/// A one-line progress display on standard error for long scans on a terminal: shown only when
/// standard error is a terminal (never in redirected output or CI logs), not with `--quiet`, and
/// only once the scan has run for `delay` seconds, so short scans print nothing. Without colour
/// when `NO_COLOR` is set. The line is rewritten in place and erased when the scan ends.
public final class TerminalProgress: @unchecked Sendable {
    private let lock = NSLock()
    private let color: Bool
    private let delay: TimeInterval
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var drawn = false
    private let write: @Sendable (String) -> Void

    /// `nil` when nothing should be shown: `quiet`, or standard error is not a terminal, or `TERM=dumb`.
    public static func make(quiet: Bool, environment: [String: String] = ProcessInfo.processInfo.environment,
                            isTerminal: Bool = isatty(STDERR_FILENO) == 1) -> TerminalProgress? {
        guard !quiet, isTerminal, environment["TERM"] != "dumb" else { return nil }
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
        return TerminalProgress(color: !noColor) { FileHandle.standardError.write(Data($0.utf8)) }
    }

    init(color: Bool, delay: TimeInterval = 0.5, write: @escaping @Sendable (String) -> Void) {
        self.color = color
        self.delay = delay
        self.write = write
    }

    /// The text of the line: `taintline: analysing files 120/3000 (4%)`.
    public static func line(_ progress: ScanProgress, color: Bool) -> String {
        var text = "taintline: \(progress.phase)"
        if progress.total > 0 {
            text += " \(progress.done)/\(progress.total) (\(progress.done * 100 / progress.total)%)"
        }
        return color ? "\u{1B}[2m\(text)\u{1B}[0m" : text
    }

    /// Draws the progress, at most ten times a second (and always on a new phase).
    public func update(_ progress: ScanProgress) {
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        guard now.timeIntervalSince(start) >= delay else { return }
        let finished = progress.total > 0 && progress.done == progress.total
        guard finished || progress.done == 0 || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        drawn = true
        write("\r\u{1B}[K" + TerminalProgress.line(progress, color: color))
    }

    /// Erases the line, so the report (or the shell prompt) starts on a clean line.
    public func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drawn { write("\r\u{1B}[K") }
        drawn = false
    }
}

/// Counts files done across worker threads for the progress display.
final class ProgressCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var done = 0
    let total: Int
    let report: @Sendable (ScanProgress) -> Void

    init(total: Int, report: @escaping @Sendable (ScanProgress) -> Void) {
        self.total = total
        self.report = report
    }

    func fileDone() {
        lock.lock()
        done += 1
        let now = done
        lock.unlock()
        report(ScanProgress(phase: "analysing files", done: now, total: total))
    }
}
