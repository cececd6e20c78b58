/// `shared-iterations`: the loop's VUs take iterations from one pool (this loop's exact share of
/// the test's) until it is empty.
final class SharedIterationsRunner: ExecutorRunner {
    private var left: Int

    init(total: Int) {
        left = total
    }

    func begin(_ loop: any VUPool) {
        for index in 0..<loop.vuCount { loop.startIteration(index) }
    }

    func claimIteration(_ index: Int) -> Bool {
        guard left > 0 else { return false }
        left -= 1
        return true
    }

    func next(after index: Int, loop: any VUPool) -> ExecutorStep { .iterate }

    var endsWhenIdle: Bool { true }
}
