// Run by the examples module's build (maven-invoker-plugin) after this project's build.
evaluate(new File(basedir, '../src/it/pinned-versions.groovy'))
