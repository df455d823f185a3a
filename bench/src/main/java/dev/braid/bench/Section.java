package dev.braid.bench;

import java.util.List;
import java.util.Map;

/** One suite's results: a markdown block for the report and the same figures as data for the JSON twin. */
record Section(String suite, String title, List<String> markdown, Map<String, Object> data) {
}
