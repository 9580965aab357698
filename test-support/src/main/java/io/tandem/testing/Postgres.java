package io.tandem.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * The PostgreSQL the tests use when it is there: 127.0.0.1:5432, database {@code test}, user {@code postgres}, trust
 * authentication. Each test class gets a schema of its own, dropped and created anew when the class starts (and
 * dropped when it ends, where the class does that).
 */
public final class Postgres {

    public static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
    public static final String USER = "postgres";

    private Postgres() {
    }

    /** Null if PostgreSQL answers, else why not. */
    public static String unavailableReason() {
        try (Connection connection = connect(URL)) {
            return connection.isValid(3) ? null : "the connection is not valid";
        } catch (SQLException e) {
            return e.getMessage();
        }
    }

    /** Drops the schema if it exists, creates it empty, and returns a JDBC URL whose default schema it is. */
    public static String freshSchema(String schema) {
        try (Connection connection = connect(URL); Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            statement.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create schema " + schema + ": " + e.getMessage(), e);
        }
        return URL + "?currentSchema=" + schema;
    }

    /** Drops the schema and everything in it, if it exists. */
    public static void dropSchema(String schema) {
        try (Connection connection = connect(URL); Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop schema " + schema + ": " + e.getMessage(), e);
        }
    }

    private static Connection connect(String url) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", USER);
        properties.setProperty("connectTimeout", "3");
        return DriverManager.getConnection(url, properties);
    }
}
