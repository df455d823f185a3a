package dev.braid.driver.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The classifier's three-way split by file name: the shares it promises, the same answer every time, and
 * a validation cut independent of the test cut (a second CRC32 of the same names under the next seed
 * would not be: CRC32 is linear, and with it the validation share of the rest came out 5.7% of the SpamAssassin
 * mails and 12.8% of the names below, for 10% asked).
 */
class MailSplitTest {

    @Test
    void testAndValidationSharesAreThoseAskedForAndIndependent() {
        Map<String, Integer> counts = new HashMap<>();
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            // names shaped as SpamAssassin's: a number and an MD5-like hex string
            String name = String.format("%05d.%032x", i % 3000, (long) i * 0x9E3779B97F4A7C15L);
            counts.merge(MailSplit.part(name, 42, 0.2, 0.1, true), 1, Integer::sum);
            assertThat(MailSplit.part(name, 42, 0.2, 0.1, true)).isEqualTo(MailSplit.part(name, 42, 0.2, 0.1, true));
        }
        double test = counts.get(MailSplit.TEST) / (double) n;
        double validationOfRest = counts.get(MailSplit.VALIDATION) / (double) (n - counts.get(MailSplit.TEST));
        assertThat(test).isCloseTo(0.2, within(0.01));
        assertThat(validationOfRest).isCloseTo(0.1, within(0.01));
    }

    @Test
    void withoutAHeldOutTestSetEveryNameIsTrainingOrValidation() {
        for (int i = 0; i < 1000; i++) {
            assertThat(MailSplit.part("row-" + i, 7, 0.2, 0.1, false)).isIn(MailSplit.TRAIN, MailSplit.VALIDATION);
            assertThat(MailSplit.part("row-" + i, 7, 0.2, 0, false)).isEqualTo(MailSplit.TRAIN);
        }
    }
}
