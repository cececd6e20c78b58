/// `per-vu-iterations`: every VU runs exactly `iterations` iterations, then is done.
final class PerVUIterationsRunner: ExecutorRunner {
    private let iterations: Int

    init(iterations: Int) {
        self.iterations = iterations
    }

    func begin(_ loop: any VUPool) {
        for index in 0..<loop.vuCount { loop.startIteration(index) }
    }

    func next(after index: Int, loop: any VUPool) -> ExecutorStep {
        loop.iterationsDone(index) >= iterations ? .done : .iterate
    }

    var endsWhenIdle: Bool { true }
}
