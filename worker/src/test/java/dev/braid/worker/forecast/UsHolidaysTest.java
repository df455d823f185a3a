package dev.braid.worker.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * US federal holidays by rule against the dates the US Office of Personnel Management publishes
 * (opm.gov, "Federal Holidays", the tables for 2010-2015 and 2021), observed dates included.
 */
class UsHolidaysTest {

    private static List<String> holidays(int year) {
        List<String> out = new ArrayList<>();
        for (LocalDate d = LocalDate.of(year, 1, 1); d.getYear() == year; d = d.plusDays(1)) {
            UsHolidays.Kind k = UsHolidays.of(d);
            if (k != null) {
                out.add(d.toString().substring(5) + " " + k);
            }
        }
        return out;
    }

    @Test
    void the2014HolidaysAreOpmsTable() {
        assertThat(holidays(2014)).containsExactly("01-01 NEW_YEAR", "01-20 MLK", "02-17 PRESIDENTS", "05-26 MEMORIAL",
                "07-04 INDEPENDENCE", "09-01 LABOR", "10-13 COLUMBUS", "11-11 VETERANS", "11-27 THANKSGIVING",
                "12-25 CHRISTMAS");
    }

    @Test
    void aWeekendHolidayIsAlsoObservedOnTheNearestWeekday() {
        // 2015: July 4 a Saturday, observed Friday July 3; 2010: Christmas a Saturday, observed Friday Dec 24, and
        // New Year 2011 a Saturday, observed Friday Dec 31, 2010; 2012: New Year a Sunday, observed Monday Jan 2
        assertThat(holidays(2015)).contains("07-03 INDEPENDENCE", "07-04 INDEPENDENCE");
        assertThat(holidays(2010)).contains("12-24 CHRISTMAS", "12-25 CHRISTMAS", "12-31 NEW_YEAR");
        assertThat(holidays(2012)).contains("01-01 NEW_YEAR", "01-02 NEW_YEAR");
        assertThat(UsHolidays.of(LocalDate.of(2015, 7, 6))).isNull();
    }

    @Test
    void juneteenthCountsFrom2021AndMartinLutherKingDayFrom1986() {
        assertThat(holidays(2020)).noneMatch(h -> h.endsWith("JUNETEENTH"));
        // June 19, 2021 was a Saturday: observed Friday June 18
        assertThat(holidays(2021)).contains("06-18 JUNETEENTH", "06-19 JUNETEENTH", "01-18 MLK");
        assertThat(holidays(1985)).noneMatch(h -> h.endsWith("MLK"));
        assertThat(holidays(1986)).contains("01-20 MLK");
    }

    @Test
    void thanksgivingIsTheFourthThursdayAndMemorialDayTheLastMonday() {
        assertThat(UsHolidays.of(LocalDate.of(2012, 11, 22))).isEqualTo(UsHolidays.Kind.THANKSGIVING);
        assertThat(UsHolidays.of(LocalDate.of(2013, 11, 28))).isEqualTo(UsHolidays.Kind.THANKSGIVING);
        assertThat(UsHolidays.of(LocalDate.of(2013, 11, 21))).isNull();
        // May 2011 has five Mondays: the 30th, not the 23rd
        assertThat(UsHolidays.of(LocalDate.of(2011, 5, 30))).isEqualTo(UsHolidays.Kind.MEMORIAL);
        assertThat(UsHolidays.of(LocalDate.of(2011, 5, 23))).isNull();
    }
}
