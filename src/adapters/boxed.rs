use std::fmt;

/// A generator of any kind behind one type: `Send`, `Clone` and `Debug`, so that generators built by different closures mix.
///
/// This struct is created by [`Generator::boxed`](crate::Generator::boxed).
/// See its documentation for more.
#[must_use = "generators are lazy and do nothing unless consumed"]
pub struct BoxedGenerator<'a, T> {
    inner: Box<dyn CloneGenerator<'a, T> + 'a>,
}

/// What a boxed generator can do: step, and clone or show itself behind a box.
trait CloneGenerator<'a, T>: Iterator<Item = T> + Send {
    fn clone_box(&self) -> Box<dyn CloneGenerator<'a, T> + 'a>;
    fn fmt_debug(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result;
}

impl<'a, T, G> CloneGenerator<'a, T> for G
where
    G: Iterator<Item = T> + Clone + Send + fmt::Debug + 'a,
{
    fn clone_box(&self) -> Box<dyn CloneGenerator<'a, T> + 'a> {
        Box::new(self.clone())
    }

    fn fmt_debug(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

impl<'a, T> BoxedGenerator<'a, T> {
    pub(crate) fn new<G>(generator: G) -> Self
    where
        G: Iterator<Item = T> + Clone + Send + fmt::Debug + 'a,
    {
        BoxedGenerator {
            inner: Box::new(generator),
        }
    }
}

impl<T> Iterator for BoxedGenerator<'_, T> {
    type Item = T;

    #[inline]
    fn next(&mut self) -> Option<T> {
        self.inner.next()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }

    fn nth(&mut self, n: usize) -> Option<T> {
        self.inner.nth(n)
    }
}

impl<T> Clone for BoxedGenerator<'_, T> {
    fn clone(&self) -> Self {
        BoxedGenerator {
            inner: self.inner.clone_box(),
        }
    }
}

impl<T> fmt::Debug for BoxedGenerator<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BoxedGenerator(")?;
        self.inner.fmt_debug(f)?;
        f.write_str(")")
    }
}
