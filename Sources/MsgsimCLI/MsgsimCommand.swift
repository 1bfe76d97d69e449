/// Runs the command line and returns the exit status.
public func runMsgsim(arguments: [String]) -> Int32 {
  0
}
