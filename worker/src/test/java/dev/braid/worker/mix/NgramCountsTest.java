package dev.braid.worker.mix;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NgramCountsTest {
    /** Against a map of maps, across several doublings of the table and the entry pool. */
    @Test
    void countsWhatFollowedEachContextLikeAMapDoes() {
        SplittableRandom rng = new SplittableRandom(5);
        NgramCounts counts = new NgramCounts();
        Map<Long, Map<Integer, Integer>> reference = new HashMap<>();
        Map<Long, Integer> lastFollower = new HashMap<>();
        long[] keys = rng.longs(150_000).map(k -> k == 0 ? 1 : k).toArray();
        for (int i = 0; i < 600_000; i++) {
            // skewed: some contexts recur often, most rarely, as in text
            long key = keys[(int) Math.min(keys.length - 1, Math.abs(rng.nextGaussian()) * 20_000)];
            int token = rng.nextInt(40);
            counts.add(key, token);
            reference.computeIfAbsent(key, k -> new HashMap<>()).merge(token, 1, Integer::sum);
            lastFollower.put(key, token);
        }
        assertEquals(reference.size(), counts.contexts());
        for (Map.Entry<Long, Map<Integer, Integer>> e : reference.entrySet()) {
            int slot = counts.find(e.getKey());
            Map<Integer, Integer> seen = new HashMap<>();
            for (int entry = counts.firstEntry(slot); entry >= 0; entry = counts.nextEntry(entry)) {
                seen.put(counts.token(entry), counts.count(entry));
            }
            assertEquals(e.getValue(), seen);
            assertEquals(e.getValue().size(), counts.distinct(slot));
            assertEquals(lastFollower.get(e.getKey()), counts.last(slot));
            assertEquals(e.getValue().values().stream().mapToInt(Integer::intValue).sum(), counts.total(slot));
        }
        assertEquals(-1, counts.find(12345L));
    }
}
