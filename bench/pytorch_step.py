"""The recurrent training step of Braid's step suite, in PyTorch: a 2-layer LSTM over T steps of
B sequences with `input` features, a linear softmax over `classes`, cross-entropy, Adam. Prints a JSON
line with the median seconds of the timed iterations (after warm-up)."""
import argparse
import json
import statistics
import time

import torch

parser = argparse.ArgumentParser()
for name, default in [("hidden", 256), ("batch", 32), ("steps", 50), ("input", 64), ("classes", 64), ("threads", 2)]:
    parser.add_argument("--" + name, type=int, default=default)
args = parser.parse_args()
torch.set_num_threads(args.threads)
torch.manual_seed(1)
lstm = torch.nn.LSTM(args.input, args.hidden, num_layers=2)
out = torch.nn.Linear(args.hidden, args.classes)
params = list(lstm.parameters()) + list(out.parameters())
opt = torch.optim.Adam(params, lr=1e-3)
x = torch.randn(args.steps, args.batch, args.input)
y = torch.randint(0, args.classes, (args.steps * args.batch,))
loss_fn = torch.nn.CrossEntropyLoss()


def step():
    opt.zero_grad()
    h, _ = lstm(x)
    loss = loss_fn(out(h.reshape(-1, args.hidden)), y)
    loss.backward()
    opt.step()


for _ in range(5):
    step()
times = []
for _ in range(12):
    t0 = time.perf_counter()
    step()
    times.append(time.perf_counter() - t0)
print(json.dumps({"hidden": args.hidden, "batch": args.batch, "median_seconds": statistics.median(times),
                  "torch": torch.__version__}))
