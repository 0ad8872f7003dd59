# A small PyNN network: Poisson sources drive conductance-based neurons through a random projection;
# spikes and membrane voltage are recorded and written as outputs. The backend comes from the command line.
import importlib
import sys

sim = importlib.import_module("pyNN." + sys.argv[1])
sim.setup(timestep=0.1, min_delay=0.1)
sources = sim.Population(40, sim.SpikeSourcePoisson(rate=40.0), label="sources")
cells = sim.Population(10, sim.IF_cond_exp(tau_m=15.0), label="cells")
sim.Projection(sources, cells, sim.FixedProbabilityConnector(0.5), sim.StaticSynapse(weight=0.02, delay=1.0))
cells.record(["spikes", "v"])
sim.run(300.0)

segment = cells.get_data().segments[0]
spikes = sum(len(train) for train in segment.spiketrains)
voltage = segment.filter(name="v")[0]
print(f"recorded {spikes} spikes and {voltage.shape[0]} voltage samples of {voltage.shape[1]} cells")
cells.write_data("results.pkl")
with open("summary.txt", "w") as summary:
    summary.write(f"backend={sys.argv[1]}\nspikes={spikes}\nsamples={voltage.shape[0]}\ncells={voltage.shape[1]}\n")
sim.end()
