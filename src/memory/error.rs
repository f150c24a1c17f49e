//! What Flink throws when it refuses a memory configuration, message for message.
//!
//! Flink's memory code throws `IllegalConfigurationException`s, which the process utilities
//! wrap as `TaskManager memory configuration failed: <message>` (or `JobManager ...`); a value
//! that cannot be parsed surfaces as an `IllegalArgumentException` Flink does not wrap. A
//! [`MemoryError`] keeps the exception's message exactly, its causes, and the option keys the
//! problem is about, so that flink-render can point at the field that set them.

use std::fmt;

use super::options::{Opt, ParseFailure};
use super::size::SizeError;

/// The Java exception class of a failure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exception {
    /// `org.apache.flink.configuration.IllegalConfigurationException`: Flink's own refusal.
    IllegalConfiguration,
    /// `java.lang.IllegalArgumentException`: a value that cannot be parsed, or a negative size.
    IllegalArgument,
    /// `java.lang.ArithmeticException`: a size beyond 64 bits.
    Arithmetic,
}

impl Exception {
    /// The fully qualified class name.
    pub fn class_name(self) -> &'static str {
        match self {
            Exception::IllegalConfiguration => {
                "org.apache.flink.configuration.IllegalConfigurationException"
            }
            Exception::IllegalArgument => "java.lang.IllegalArgumentException",
            Exception::Arithmetic => "java.lang.ArithmeticException",
        }
    }
}

/// Which Flink process refuses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Process {
    /// The JobManager.
    JobManager,
    /// A TaskManager.
    TaskManager,
}

impl Process {
    /// `JobManager` or `TaskManager`, as Flink's messages name it.
    pub fn name(self) -> &'static str {
        match self {
            Process::JobManager => "JobManager",
            Process::TaskManager => "TaskManager",
        }
    }
}

/// A refused configuration: the exception Flink throws at start, and the keys involved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemoryError {
    /// The exception class.
    pub exception: Exception,
    /// Its message, exactly as Flink builds it (wrapping included).
    pub message: String,
    /// Messages of the causes, outermost first.
    pub causes: Vec<String>,
    /// The option keys the problem is about, the most telling first.
    pub keys: Vec<&'static str>,
}

impl MemoryError {
    /// An `IllegalConfigurationException` with `message` about `keys`.
    pub(crate) fn config(message: impl Into<String>, keys: &[&Opt]) -> MemoryError {
        MemoryError {
            exception: Exception::IllegalConfiguration,
            message: message.into(),
            causes: Vec::new(),
            keys: keys.iter().map(|o| o.key).collect(),
        }
    }

    /// The same error with a cause.
    pub(crate) fn caused_by(mut self, cause: MemoryError) -> MemoryError {
        self.causes.push(cause.message);
        self.causes.extend(cause.causes);
        for key in cause.keys {
            if !self.keys.contains(&key) {
                self.keys.push(key);
            }
        }
        self
    }

    /// A size computation that overflowed or went negative, about `keys`.
    pub(crate) fn size(error: SizeError, keys: &[&Opt]) -> MemoryError {
        let exception = match error {
            SizeError::Overflow => Exception::Arithmetic,
            SizeError::Negative => Exception::IllegalArgument,
        };
        MemoryError {
            exception,
            message: error.to_string(),
            causes: Vec::new(),
            keys: keys.iter().map(|o| o.key).collect(),
        }
    }

    /// `Configuration.getOptional`'s `IllegalArgumentException` for `opt`.
    pub(crate) fn parse(failure: ParseFailure, opt: &Opt) -> MemoryError {
        MemoryError {
            exception: Exception::IllegalArgument,
            message: failure.message,
            causes: failure.cause.into_iter().collect(),
            keys: vec![opt.key],
        }
    }

    /// `ProcessMemoryUtils.getMemorySizeFromConfig`'s wrapping of any failure to read `opt`.
    pub(crate) fn unreadable_memory(failure: ParseFailure, opt: &Opt) -> MemoryError {
        MemoryError::config(
            format!("Cannot read memory size from config option '{}'.", opt.key),
            &[opt],
        )
        .caused_by(MemoryError::parse(failure, opt))
    }

    /// `new IllegalConfigurationException(prefix + e.getMessage(), e)` around an
    /// `IllegalConfigurationException`; other exceptions pass through unwrapped.
    pub(crate) fn wrapped(self, prefix: &str) -> MemoryError {
        if self.exception != Exception::IllegalConfiguration {
            return self;
        }
        MemoryError {
            message: format!("{prefix}{}", self.message),
            ..self
        }
    }
}

impl fmt::Display for MemoryError {
    /// The message, then `Caused by: <message>` for each cause. Exceptions other than Flink's
    /// own `IllegalConfigurationException` are prefixed with their Java class name, as Flink's
    /// start scripts print them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.exception != Exception::IllegalConfiguration {
            write!(f, "{}: ", self.exception.class_name())?;
        }
        f.write_str(&self.message)?;
        for cause in &self.causes {
            write!(f, " Caused by: {cause}")?;
        }
        Ok(())
    }
}

impl std::error::Error for MemoryError {}
