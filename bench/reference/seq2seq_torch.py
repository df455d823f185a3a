# An independent reference for Braid's encoder-decoder training dynamics (issue 25): the same shape of
# model (embeddings 128, bidirectional 2x128 LSTM encoder, 2x128 LSTM decoder, Luong "general" attention
# combined as tanh(W [h; ctx]), softmax over 3,000 words) trained with Adam and global-norm clipping 1.0
# on the same word-level pairs, batches of at most TOKENS target tokens, sorted by length, shuffled per
# epoch. Differences from Braid's model: the decoder starts from a zero state (Braid bridges it from the
# encoder) and one process takes each update (Braid: 2 workers averaged every round). It reports the
# target unigram entropy and the training loss per epoch, to compare curves, not speed.
#
#   apt-get install python3-torch     (Debian 12: torch 1.13.1)
#   /usr/bin/python3 bench/reference/seq2seq_torch.py datasets/samples/translation-en-es/train.tsv 3000 6 0.003
#   (arguments: pairs TSV, target tokens per batch, epochs, learning rate)
import sys, collections, random, math, torch, torch.nn as nn, torch.nn.functional as F
torch.set_num_threads(2); torch.manual_seed(1); random.seed(1)
path = sys.argv[1]; tok_budget = int(sys.argv[2]); epochs = int(sys.argv[3]); lr = float(sys.argv[4])
V = 3000; H = 128; E = 128
pairs = [l.rstrip('\n').split('\t') for l in open(path, encoding='utf-8')]
pairs = [(s.split()[:100], t.split()[:100]) for s, t in pairs]
def vocab(seqs):
    c = collections.Counter(w for s in seqs for w in s)
    itos = ['<pad>', '<unk>', '<s>', '</s>'] + [w for w, _ in c.most_common(V - 4)]
    return {w: i for i, w in enumerate(itos)}
sv = vocab([p[0] for p in pairs]); tv = vocab([p[1] for p in pairs])
data = [([sv.get(w, 1) for w in s], [tv.get(w, 1) for w in t]) for s, t in pairs]
# unigram entropy of targets (+ </s>)
cnt = collections.Counter(x for _, t in data for x in t + [3]); N = sum(cnt.values())
print('unigram entropy %.3f' % -sum(c / N * math.log(c / N) for c in cnt.values()))
def batches():
    idx = sorted(range(len(data)), key=lambda i: len(data[i][1]))
    out, cur, mx = [], [], 0
    for i in idx:
        m = max(mx, len(data[i][1]) + 1)
        if cur and m * (len(cur) + 1) > tok_budget:
            out.append(cur); cur, mx = [], 0; m = len(data[i][1]) + 1
        cur.append(i); mx = m
    out.append(cur); return out
class M(nn.Module):
    def __init__(s):
        super().__init__()
        s.se = nn.Embedding(V, E); s.te = nn.Embedding(V, E)
        s.enc = nn.LSTM(E, H, 2, bidirectional=True, batch_first=True)
        s.bridge = nn.Linear(2 * H, H)
        s.dec = nn.LSTM(E, H, 2, batch_first=True)
        s.att = nn.Linear(H, 2 * H, bias=False)
        s.comb = nn.Linear(3 * H, H)
        s.out = nn.Linear(H, V)
    def forward(s, src, slen, tin):
        mem, _ = s.enc(s.se(src))                        # [B,S,2H]
        mask = torch.arange(src.size(1))[None, :] < slen[:, None]
        h, _ = s.dec(s.te(tin))                          # [B,T,H]
        sc = torch.einsum('bth,bsh->bts', s.att(h), mem).masked_fill(~mask[:, None, :], -1e9)
        ctx = torch.einsum('bts,bsh->bth', sc.softmax(-1), mem)
        return s.out(torch.tanh(s.comb(torch.cat([h, ctx], -1))))
m = M(); opt = torch.optim.Adam(m.parameters(), lr=lr)
bs = batches(); print('batches/epoch', len(bs), 'params', sum(p.numel() for p in m.parameters()))
step = 0
for ep in range(epochs):
    random.shuffle(bs); tot, n = 0.0, 0
    for b in bs:
        S = max(len(data[i][0]) for i in b); T = max(len(data[i][1]) for i in b) + 1
        src = torch.zeros(len(b), S, dtype=torch.long); tin = torch.zeros(len(b), T, dtype=torch.long); tout = torch.zeros(len(b), T, dtype=torch.long)
        slen = torch.tensor([len(data[i][0]) for i in b])
        for r, i in enumerate(b):
            s, t = data[i]; src[r, :len(s)] = torch.tensor(s)
            tin[r, :len(t) + 1] = torch.tensor([2] + t); tout[r, :len(t) + 1] = torch.tensor(t + [3])
        logits = m(src, slen, tin)
        loss = F.cross_entropy(logits.reshape(-1, V), tout.reshape(-1), ignore_index=0)
        opt.zero_grad(); loss.backward(); nn.utils.clip_grad_norm_(m.parameters(), 1.0); opt.step(); step += 1
        k = (tout != 0).sum().item(); tot += loss.item() * k; n += k
        if step % 10 == 0: print('step', step, 'loss %.3f' % loss.item(), flush=True)
    print('epoch', ep + 1, 'train loss %.4f' % (tot / n), flush=True)
