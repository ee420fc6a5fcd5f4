//! The read-only guard: statements are parsed with DataFusion's own parser and the planned
//! [`LogicalPlan`] is inspected, as datafusion-cli does, so a write hidden behind a comment, a
//! second statement or `EXPLAIN` is refused before anything runs.

use datafusion::common::tree_node::TreeNode;
use datafusion::logical_expr::LogicalPlan;
use datafusion::sql::parser::{DFParser, Statement as DfStatement};
use datafusion::sql::sqlparser::ast::Statement as SqlStatement;
use datafusion::sql::sqlparser::dialect::GenericDialect;

use crate::error::{Error, Result};

/// What the refusal says after the statement kind.
const READ_ONLY: &str = "depbench est en lecture seule (SELECT, WITH, EXPLAIN, SHOW, DESCRIBE)";

/// Parse `sql` into DataFusion statements, refusing any statement that is not a read.
///
/// Errors: a parser error (« erreur de syntaxe SQL », the parser's text as a `détail : …`
/// line), or `Error::Refused` naming the statement kind (`` les instructions `DROP` ne sont
/// pas permises : depbench est en lecture seule (…) ``).
pub fn parse_read_only(sql: &str, context: &str) -> Result<Vec<DfStatement>> {
    let statements = DFParser::parse_sql_with_dialect(sql, &GenericDialect {})
        .map_err(|e| Error::Invalid(format!("{context} : erreur de syntaxe SQL\ndétail : {e}")))?;
    for statement in &statements {
        check_statement(statement, false)?;
    }
    Ok(statements.into_iter().collect())
}

fn refused(keyword: &str, under_explain: bool) -> Error {
    let explain = if under_explain {
        ", pas même sous EXPLAIN"
    } else {
        ""
    };
    Error::Refused(format!(
        "les instructions `{keyword}` ne sont pas permises{explain} : {READ_ONLY}"
    ))
}

/// The leading keyword of a statement's normalised text (`CREATE`, `COPY`…); comments are gone.
fn keyword(text: &str) -> String {
    text.split_whitespace().next().unwrap_or("").to_uppercase()
}

fn check_statement(statement: &DfStatement, under_explain: bool) -> Result<()> {
    match statement {
        DfStatement::Statement(s) => match s.as_ref() {
            SqlStatement::Query(_)
            | SqlStatement::ShowTables { .. }
            | SqlStatement::ShowColumns { .. }
            | SqlStatement::ShowVariable { .. }
            | SqlStatement::ExplainTable { .. } => Ok(()),
            SqlStatement::Explain { statement, .. } => {
                check_statement(&DfStatement::Statement(statement.clone()), true)
            }
            other => Err(refused(&keyword(&other.to_string()), under_explain)),
        },
        DfStatement::Explain(e) => check_statement(&e.statement, true),
        DfStatement::CreateExternalTable(_) => Err(refused("CREATE", under_explain)),
        DfStatement::CopyTo(_) => Err(refused("COPY", under_explain)),
        DfStatement::Reset(_) => Err(refused("RESET", under_explain)),
    }
}

/// Refuse a planned statement that would write or change the session, at any depth (an
/// `EXPLAIN` or `EXPLAIN ANALYZE` wraps its statement's plan).
pub fn check_plan(plan: &LogicalPlan) -> Result<()> {
    let mut found: Option<&'static str> = None;
    // `apply` visits every node, including the plan under Explain and Analyze.
    let _ = plan.apply(|node| {
        found = match node {
            LogicalPlan::Dml(_) => Some("DML"),
            LogicalPlan::Ddl(_) => Some("DDL"),
            LogicalPlan::Copy(_) => Some("COPY"),
            LogicalPlan::Statement(_) => Some("session"),
            _ => None,
        };
        Ok(if found.is_some() {
            datafusion::common::tree_node::TreeNodeRecursion::Stop
        } else {
            datafusion::common::tree_node::TreeNodeRecursion::Continue
        })
    });
    match found {
        Some(kind) => Err(refused(kind, matches!(plan, LogicalPlan::Explain(_)))),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(sql: &str) -> String {
        parse_read_only(sql, "query").unwrap_err().to_string()
    }

    #[test]
    fn reads_pass() {
        for sql in [
            "SELECT 1",
            "-- comment\nWITH a AS (SELECT 1) SELECT * FROM a",
            "EXPLAIN SELECT 1",
            "SHOW TABLES",
            "DESCRIBE observations",
        ] {
            assert!(parse_read_only(sql, "query").is_ok(), "{sql}");
        }
    }

    #[test]
    fn writes_are_refused_by_kind() {
        assert_eq!(
            refusal("select 1; drop table observations"),
            "refusé : les instructions `DROP` ne sont pas permises : depbench est en lecture seule (SELECT, WITH, EXPLAIN, SHOW, DESCRIBE)"
        );
        assert!(
            refusal("/* c */ CREATE TABLE x AS SELECT 1")
                .starts_with("refusé : les instructions `CREATE`")
        );
        assert!(
            refusal("COPY observations TO 'x.csv'").starts_with("refusé : les instructions `COPY`")
        );
        assert!(
            refusal("SET datafusion.execution.batch_size = 1")
                .starts_with("refusé : les instructions `SET`")
        );
    }

    #[test]
    fn explain_of_a_write_is_refused() {
        assert_eq!(
            refusal("EXPLAIN COPY observations TO 'x.csv'"),
            "refusé : les instructions `COPY` ne sont pas permises, pas même sous EXPLAIN : depbench est en lecture seule (SELECT, WITH, EXPLAIN, SHOW, DESCRIBE)"
        );
        assert!(refusal("EXPLAIN INSERT INTO t VALUES (1)").starts_with(
            "refusé : les instructions `INSERT` ne sont pas permises, pas même sous EXPLAIN"
        ));
        assert!(refusal("EXPLAIN ANALYZE DELETE FROM t").contains("`DELETE`"));
    }
}
