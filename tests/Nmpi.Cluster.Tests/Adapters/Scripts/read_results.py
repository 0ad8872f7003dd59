# Loads a results.pkl written by network.py and prints what it holds, one fact per line.
import pickle
import sys

with open(sys.argv[1], "rb") as f:
    block = pickle.load(f)
segment = block.segments[0]
print("spiketrains", len(segment.spiketrains))
print("spikes", sum(len(train) for train in segment.spiketrains))
print("v_shape", *segment.filter(name="v")[0].shape)
