package dev.braid.worker.forecast;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;

/**
 * US federal holidays by rule (5 U.S.C. 6103): the fixed-date ones on their date and, when that falls on a
 * weekend, also on the weekday they are observed (Saturday: the Friday before; Sunday: the Monday after);
 * the Monday holidays and Thanksgiving by their weekday rule. Juneteenth counts from 2021, when it was
 * enacted; Martin Luther King Jr. Day from 1986, when it was first observed.
 */
public final class UsHolidays {
    /** The holidays, in calendar order; {@link #kinds()} is their count. */
    public enum Kind { NEW_YEAR, MLK, PRESIDENTS, MEMORIAL, JUNETEENTH, INDEPENDENCE, LABOR, COLUMBUS, VETERANS,
        THANKSGIVING, CHRISTMAS }

    private UsHolidays() {
    }

    public static int kinds() {
        return Kind.values().length;
    }

    /** The holiday {@code day} is (on its date or observed), or null. */
    public static Kind of(LocalDate day) {
        for (LocalDate d : new LocalDate[] {day, day.plusDays(1), day.minusDays(1)}) {
            // a fixed-date holiday is observed on the Friday before a Saturday, the Monday after a Sunday
            Kind fixed = fixedDate(d);
            if (fixed != null && (d.equals(day) || observed(d).equals(day)) && enacted(fixed, d.getYear())) {
                return fixed;
            }
        }
        return byRule(day);
    }

    private static Kind fixedDate(LocalDate d) {
        int m = d.getMonthValue();
        int dom = d.getDayOfMonth();
        if (m == 1 && dom == 1) {
            return Kind.NEW_YEAR;
        }
        if (m == 6 && dom == 19) {
            return Kind.JUNETEENTH;
        }
        if (m == 7 && dom == 4) {
            return Kind.INDEPENDENCE;
        }
        if (m == 11 && dom == 11) {
            return Kind.VETERANS;
        }
        return m == 12 && dom == 25 ? Kind.CHRISTMAS : null;
    }

    /** The weekday a fixed-date holiday on {@code d} is observed on. */
    static LocalDate observed(LocalDate d) {
        return switch (d.getDayOfWeek()) {
            case SATURDAY -> d.minusDays(1);
            case SUNDAY -> d.plusDays(1);
            default -> d;
        };
    }

    private static boolean enacted(Kind k, int year) {
        return switch (k) {
            case JUNETEENTH -> year >= 2021;
            case MLK -> year >= 1986;
            default -> true;
        };
    }

    private static Kind byRule(LocalDate day) {
        Month m = day.getMonth();
        DayOfWeek w = day.getDayOfWeek();
        int nth = (day.getDayOfMonth() - 1) / 7 + 1;
        boolean lastOfMonth = day.plusDays(7).getMonth() != m;
        Kind k = null;
        if (w == DayOfWeek.MONDAY) {
            k = switch (m) {
                case JANUARY -> nth == 3 ? Kind.MLK : null;
                case FEBRUARY -> nth == 3 ? Kind.PRESIDENTS : null;
                case MAY -> lastOfMonth ? Kind.MEMORIAL : null;
                case SEPTEMBER -> nth == 1 ? Kind.LABOR : null;
                case OCTOBER -> nth == 2 ? Kind.COLUMBUS : null;
                default -> null;
            };
        } else if (w == DayOfWeek.THURSDAY && m == Month.NOVEMBER && nth == 4) {
            k = Kind.THANKSGIVING;
        }
        return k != null && enacted(k, day.getYear()) ? k : null;
    }
}
