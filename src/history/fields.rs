//! An event read from EDN: its keys as written, for checkers of other tools' histories.

use super::{Edn, EdnEvent, Event, History};

/// A history read from EDN: every event's keys besides `:index`, `:time`,
/// `:type` and `:process`, as written.
///
/// # Examples
///
/// ```
/// use lockstep_gen::history::{read_edn, EdnHistory};
///
/// let history: EdnHistory = read_edn("{:type :invoke, :process 0, :f :read, :value nil}")?;
/// assert_eq!(history.len(), 1);
/// # Ok::<(), lockstep_gen::history::ReadError>(())
/// ```
pub type EdnHistory = History<EdnFields, EdnFields, EdnFields>;

/// The keys of an event read from EDN besides `:index`, `:time`, `:type`
/// and `:process`: `:f`, `:value`, `:error` and any others (`:key`, …), in
/// the order written.
///
/// # Examples
///
/// ```
/// use lockstep_gen::history::{read_edn, Edn};
///
/// let history = read_edn(r#"
/// {:type :invoke, :process 0, :f :cas, :key 7, :value [1 2]}
/// {:type :info, :process 0, :f :cas, :key 7, :value [1 2], :error :timeout}
/// "#)?;
/// let invoke = history[0].op().unwrap();
/// assert_eq!(invoke.f(), Some(&Edn::keyword("cas")));
/// assert_eq!(invoke.get("key"), Some(&Edn::Int(7)));
/// let info = history[1].error().unwrap();
/// assert_eq!(info.error(), Some(&Edn::keyword("timeout")));
/// # Ok::<(), lockstep_gen::history::ReadError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
#[must_use]
pub struct EdnFields {
    entries: Vec<(Edn, Edn)>,
}

impl EdnFields {
    /// Fields from keys and values, in order.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::{Edn, EdnFields};
    ///
    /// let fields = EdnFields::new(vec![(Edn::keyword("f"), Edn::keyword("read"))]);
    /// assert_eq!(fields.f(), Some(&Edn::keyword("read")));
    /// ```
    pub fn new(entries: Vec<(Edn, Edn)>) -> Self {
        EdnFields { entries }
    }

    /// The value under the keyword `:key`.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::{Edn, EdnFields};
    ///
    /// let fields = EdnFields::new(vec![(Edn::keyword("key"), Edn::Int(3))]);
    /// assert_eq!(fields.get("key"), Some(&Edn::Int(3)));
    /// assert_eq!(fields.get("f"), None);
    /// ```
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&Edn> {
        self.entries
            .iter()
            .find(|(k, _)| k.as_keyword() == Some(key))
            .map(|(_, v)| v)
    }

    /// `:f`, the op's kind.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::{Edn, EdnFields};
    ///
    /// assert_eq!(EdnFields::default().f(), None);
    /// ```
    #[must_use]
    pub fn f(&self) -> Option<&Edn> {
        self.get("f")
    }

    /// `:value`.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::{Edn, EdnFields};
    ///
    /// let fields = EdnFields::new(vec![(Edn::keyword("value"), Edn::Nil)]);
    /// assert_eq!(fields.value(), Some(&Edn::Nil));
    /// ```
    #[must_use]
    pub fn value(&self) -> Option<&Edn> {
        self.get("value")
    }

    /// `:error`.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::{Edn, EdnFields};
    ///
    /// let fields = EdnFields::new(vec![(Edn::keyword("error"), Edn::keyword("timeout"))]);
    /// assert_eq!(fields.error(), Some(&Edn::keyword("timeout")));
    /// ```
    #[must_use]
    pub fn error(&self) -> Option<&Edn> {
        self.get("error")
    }

    /// Every key and value, in the order written.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::{Edn, EdnFields};
    ///
    /// let fields = EdnFields::new(vec![(Edn::keyword("f"), Edn::keyword("read"))]);
    /// assert_eq!(fields.entries().len(), 1);
    /// ```
    pub fn entries(&self) -> &[(Edn, Edn)] {
        &self.entries
    }
}

/// An event read from EDN is written back with the keys it was read with.
impl EdnEvent for Event<EdnFields, EdnFields, EdnFields> {
    fn for_each_field(&self, _invocation: Option<&Self>, field: &mut dyn FnMut(&Edn, &Edn)) {
        if let Some(fields) = self.op().or(self.value()).or(self.error()) {
            for (key, value) in &fields.entries {
                field(key, value);
            }
        }
    }
}
